package io.madoguchi.ingest.rest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.domain.IntakeStatus;
import io.madoguchi.ingest.repository.InquiryRepository;
import io.madoguchi.ingest.service.intake.IntakeService;
import io.madoguchi.ingest.service.intake.Normalizers;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * What operators need when a parser was wrong: find inquiries that failed to normalize (or were deferred,
 * recorded as automated or deflected), read their raw payload, and normalize them again after the fix.
 */
@Path("/admin/v1/inquiries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "jwt")
public class AdminInquiryResource {

    private final InquiryRepository inquiries;
    private final Normalizers normalizers;
    private final IntakeService intake;

    public AdminInquiryResource(InquiryRepository inquiries, Normalizers normalizers, IntakeService intake) {
        this.inquiries = inquiries;
        this.normalizers = normalizers;
        this.intake = intake;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InquirySummary(UUID inquiryId, String source, String channel, String status, String statusReason,
            String conversationKey, int revision, Instant receivedAt) {
        static InquirySummary of(Inquiry i) {
            return new InquirySummary(i.id, i.source, i.channel, i.status.name(), i.statusReason, i.conversationKey,
                    i.revision, i.receivedAt);
        }
    }

    /** The raw payload as text when it is UTF-8, otherwise base64; neither once purged by retention or erased. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InquiryDetail(InquirySummary inquiry, String rawContentType, String rawText, String rawBase64, String eventData,
            Instant rawPurgedAt) {
    }

    @GET
    @Operation(summary = "Inquiries by intake status, newest first (default: failed)")
    @APIResponse(responseCode = "400", description = "Unknown status")
    public Uni<List<InquirySummary>> list(@QueryParam("status") @DefaultValue("failed") String status,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        IntakeStatus wanted;
        try {
            wanted = IntakeStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Invalid status", "status must be one of " + List.of(IntakeStatus.values()));
        }
        if (limit < 1 || limit > 500) {
            throw new ProblemException(400, "Invalid limit", "limit must be 1 to 500");
        }
        return Panache.withSession(() -> inquiries.find("status", Sort.descending("receivedAt"), wanted).page(0, limit).list())
                .map(found -> found.stream().map(InquirySummary::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One inquiry with its raw payload and normalized event data")
    @APIResponse(responseCode = "404", description = "No such inquiry")
    public Uni<InquiryDetail> get(@PathParam("id") UUID id) {
        return Panache.withSession(() -> inquiries.findById(id)).map(i -> {
            if (i == null) {
                throw new ProblemException(404, "Not Found", "No inquiry " + id);
            }
            String text = i.rawPayload == null ? null : utf8(i.rawPayload);
            return new InquiryDetail(InquirySummary.of(i), i.rawContentType, text,
                    text == null && i.rawPayload != null ? Base64.getEncoder().encodeToString(i.rawPayload) : null, i.eventData,
                    i.rawPurgedAt);
        });
    }

    @POST
    @Path("/{id}/renormalize")
    @Operation(summary = "Normalize the stored raw payload again",
            description = "A failed or pending inquiry is published as received; a published one is republished as "
                    + "io.madoguchi.inquiry.corrected.v1 with the next revision.")
    @APIResponse(responseCode = "404", description = "No such inquiry")
    @APIResponse(responseCode = "410", description = "The raw payload was purged (retention) or erased")
    @APIResponse(responseCode = "422", description = "The payload still does not normalize; nothing changed")
    public Uni<InquirySummary> renormalize(@PathParam("id") UUID id) {
        return Panache.withSession(() -> inquiries.findById(id))
                .chain(stored -> {
                    if (stored == null) {
                        throw new ProblemException(404, "Not Found", "No inquiry " + id);
                    }
                    if (stored.rawPayload == null) {
                        throw new ProblemException(410, "Gone", "The raw payload of inquiry " + id + " was purged at " + stored.rawPurgedAt
                                + " (retention or erasure): there is nothing to normalize again");
                    }
                    return normalizers.normalize(stored);
                })
                .chain(outcome -> intake.renormalize(id, outcome))
                .map(InquirySummary::of);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
