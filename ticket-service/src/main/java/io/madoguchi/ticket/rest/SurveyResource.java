package io.madoguchi.ticket.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.madoguchi.ticket.service.SurveyService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Public by design: the single-use token, delivered to the requester, is the credential. The HTML page: {@link SurveyPageResource}. */
@Path("/api/v1/surveys")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class SurveyResource {

    public record Thanks(long ticketId, String rating) {
    }

    private final SurveyService surveys;

    public SurveyResource(SurveyService surveys) {
        this.surveys = surveys;
    }

    @POST
    @Path("/{token}")
    @Operation(summary = "Answer a satisfaction survey: good or bad, optionally a 1-5 score and a comment; once")
    @APIResponse(responseCode = "200", description = "Recorded")
    @APIResponse(responseCode = "404", description = "Unknown token")
    @APIResponse(responseCode = "409", description = "Already answered")
    @APIResponse(responseCode = "410", description = "Expired: the survey can no longer be answered")
    public Uni<Thanks> answer(@PathParam("token") String token, @NotNull @Valid TicketRequests.SurveyAnswer answer) {
        return surveys.answer(token, answer.rating(), answer.score(), answer.comment())
                .map(survey -> new Thanks(survey.ticketId, survey.rating));
    }
}
