package io.madoguchi.ingest.rest;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.ingest.service.api.ApiInquiries;
import io.madoguchi.ingest.service.api.InquiryRequest;
import io.madoguchi.ingest.service.intake.IntakeService;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.RawPayload;
import io.smallrye.mutiny.Uni;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON intake for internal systems. */
@Path("/api/v1/inquiries")
@ApiKeyProtected
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, apiKeyName = ApiKeyFilter.HEADER)
public class InquiryResource {

    private final IntakeService intake;
    private final ApiInquiries api;
    private final ObjectMapper mapper;
    private final Validator validator;

    public InquiryResource(IntakeService intake, ApiInquiries api, ObjectMapper mapper, Validator validator) {
        this.intake = intake;
        this.api = api;
        this.mapper = mapper;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit an inquiry", description = "Answers 202 once the inquiry is durably stored; it is published to "
            + "inquiries.v1 afterwards. With an Idempotency-Key, a retry with the same body answers with the same inquiry. "
            + "Agents' public replies reach the requester by e-mail when requester.email is given; without it nothing is sent "
            + "to them: the reply is on tickets.v1 (io.madoguchi.ticket.message-added.v1, keyed by ticket id) for the "
            + "calling system to deliver, and its delivery is recorded failed with that reason.")
    @RequestBody(required = true)
    @APIResponse(responseCode = "202", description = "Accepted and committed")
    @APIResponse(responseCode = "400", description = "Malformed or invalid body (problem+json)")
    @APIResponse(responseCode = "401", description = "Missing or wrong X-Api-Key")
    @APIResponse(responseCode = "409", description = "Idempotency-Key reused with a different body")
    @APIResponse(responseCode = "413", description = "Body over the configured limit")
    @SecurityRequirement(name = "apiKey")
    public Uni<Response> submit(byte[] body, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context ContainerRequestContext request) throws IOException {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw new ProblemException(400, "Invalid Idempotency-Key", "Idempotency-Key must be 1 to 255 characters");
        }
        // syntax first (from the bytes, so invalid UTF-8 is refused, not replaced), then shape, so the problem says
        // which of the two is wrong
        JsonNode tree = JsonBodies.object(mapper, body);
        InquiryRequest inquiry = api.read(tree);
        Set<ConstraintViolation<InquiryRequest>> violations = validator.validate(inquiry);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        String source = (String) request.getProperty(ApiKeyFilter.SOURCE_PROPERTY);
        byte[] raw = body;
        RawPayload payload = new RawPayload(source, inquiry.channel(), ApiInquiries.CONTENT_TYPE, raw,
                idempotencyKey == null ? null : "idempotency-key:" + idempotencyKey);
        return intake.accept(payload, new Outcome.Publish(api.normalize(inquiry)))
                .map(accepted -> {
                    if (accepted.duplicate() && accepted.inquiry().rawPayload != null && !Arrays.equals(accepted.inquiry().rawPayload, raw)) {
                        throw new ProblemException(409, "Conflict",
                                "Idempotency-Key '" + idempotencyKey + "' was used before with a different body", "idempotency-conflict");
                    }
                    return Response.accepted(new InquiryAccepted(accepted.inquiry().id, accepted.inquiry().conversationKey, "accepted")).build();
                });
    }
}
