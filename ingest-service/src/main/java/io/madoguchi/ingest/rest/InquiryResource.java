package io.madoguchi.ingest.rest;

import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.io.IOException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.madoguchi.ingest.service.InquiryIntakeService;
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

/** The JSON intake for internal systems and the web form back end. */
@Path("/api/v1/inquiries")
@ApiKeyProtected
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, apiKeyName = ApiKeyFilter.HEADER)
public class InquiryResource {

    private final InquiryIntakeService intake;
    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final Validator validator;

    public InquiryResource(InquiryIntakeService intake, ObjectMapper mapper, Validator validator) {
        this.intake = intake;
        this.mapper = mapper;
        this.reader = mapper.readerFor(InquiryRequest.class);
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit an inquiry", description = "Answers 202 once the inquiry is durably stored; it is published to inquiries.v1 afterwards.")
    @RequestBody(required = true)
    @APIResponse(responseCode = "202", description = "Accepted and committed")
    @APIResponse(responseCode = "400", description = "Malformed or invalid body (problem+json)")
    @APIResponse(responseCode = "401", description = "Missing or wrong X-Api-Key")
    @SecurityRequirement(name = "apiKey")
    @APIResponse(responseCode = "409", description = "Idempotency-Key reused with a different body")
    public Uni<Response> submit(String body, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context ContainerRequestContext request) throws IOException {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw new ProblemException(400, "Invalid Idempotency-Key", "Idempotency-Key must be 1 to 255 characters");
        }
        // syntax first, then shape, so the problem says which of the two is wrong
        JsonNode tree = body == null || body.isBlank() ? null
                : mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        if (tree == null || !tree.isObject()) {
            throw new ProblemException(400, "Malformed request body", "A JSON object is required");
        }
        InquiryRequest inquiry = reader.readValue(tree);
        Set<ConstraintViolation<InquiryRequest>> violations = validator.validate(inquiry);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        String source = (String) request.getProperty(ApiKeyFilter.SOURCE_PROPERTY);
        return intake.accept(source, inquiry, body, idempotencyKey)
                .map(accepted -> Response.accepted(new InquiryAccepted(accepted.id, accepted.conversationKey, "accepted")).build());
    }
}
