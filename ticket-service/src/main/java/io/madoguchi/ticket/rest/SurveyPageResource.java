package io.madoguchi.ticket.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

import io.madoguchi.ticket.rest.SurveyPages.Texts;
import io.madoguchi.ticket.service.NotFound;
import io.madoguchi.ticket.service.SurveyExpired;
import io.madoguchi.ticket.service.SurveyService;
import io.madoguchi.ticket.service.TicketConflict;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The survey page the requester reaches from the links of survey-requested: public by design, the unguessable token in
 * the URL is the credential. Opening it records nothing (mail scanners follow links); only the form's POST answers,
 * through {@link SurveyService} as the JSON API does. Every outcome is a page in the reader's language, never a stack
 * trace; the POST is rate limited per client address with the JSON API ({@link SurveyRateLimitFilter}).
 */
@Path("/survey")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class SurveyPageResource {

    private static final Logger LOG = Logger.getLogger(SurveyPageResource.class);

    private final SurveyService surveys;

    public SurveyPageResource(SurveyService surveys) {
        this.surveys = surveys;
    }

    @GET
    @Path("/{token}")
    @Operation(summary = "The survey page (public, HTML): good or bad, preselected by ?rating=, and a comment; ?lang=ja|en. Records nothing")
    @APIResponse(responseCode = "200", description = "The form, or a page saying it is already answered")
    @APIResponse(responseCode = "404", description = "Unknown token")
    @APIResponse(responseCode = "410", description = "Expired")
    public Uni<Response> page(@PathParam("token") String token, @QueryParam("rating") String rating, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        Texts t = SurveyPages.texts(lang, headers.getAcceptableLanguages());
        return surveys.find(token).map(survey -> {
            if (survey.answered()) {
                return SurveyPages.message(200, t, t.answered(), t.answeredDetail());
            }
            if (survey.expired()) {
                return SurveyPages.message(410, t, t.expired(), t.expiredDetail());
            }
            return form(200, t, token, t.questionFor(survey.subject()), rating, null, null);
        }).onFailure().recoverWithItem(e -> failed(e, t));
    }

    @POST
    @Path("/{token}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Answer the survey from its page (public, HTML form): rating good or bad, optional comment, lang; once")
    @APIResponse(responseCode = "200", description = "Recorded; a thank-you page")
    @APIResponse(responseCode = "400", description = "The form again, saying what to correct")
    @APIResponse(responseCode = "404", description = "Unknown token")
    @APIResponse(responseCode = "409", description = "Already answered")
    @APIResponse(responseCode = "410", description = "Expired")
    @APIResponse(responseCode = "429", description = "Too many answers from this address")
    public Uni<Response> answer(@PathParam("token") String token, @FormParam("rating") String rating, @FormParam("comment") String comment,
            @FormParam("lang") String lang, @QueryParam("lang") String pageLang, @Context HttpHeaders headers) {
        // the page's form sends its language both ways: in the field, and in the query for the rate limit's page
        Texts t = SurveyPages.texts(lang != null ? lang : pageLang, headers.getAcceptableLanguages());
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        String error = !"good".equals(rating) && !"bad".equals(rating) ? t.chooseRating()
                : text != null && text.length() > SurveyPages.MAX_COMMENT ? t.commentTooLong() : null;
        if (error != null) {
            // the form again, as it was sent; the question is asked without the subject rather than look the survey up
            return Uni.createFrom().item(form(400, t, token, t.question(), rating, comment, error));
        }
        return surveys.answer(token, rating, null, text)
                .map(survey -> SurveyPages.message(200, t, t.thanks(), t.thanksDetail()))
                .onFailure().recoverWithItem(e -> failed(e, t));
    }

    private static Response form(int status, Texts t, String token, String question, String rating, String comment, String error) {
        return SurveyPages.html(status, SurveyPages.Templates.form(t, token, question, rating, comment, error, SurveyPages.MAX_COMMENT));
    }

    private static Response failed(Throwable e, Texts t) {
        if (e instanceof NotFound) {
            return SurveyPages.message(404, t, t.notFound(), t.notFoundDetail());
        }
        if (e instanceof TicketConflict) {
            return SurveyPages.message(409, t, t.answered(), t.answeredDetail());
        }
        if (e instanceof SurveyExpired) {
            return SurveyPages.message(410, t, t.expired(), t.expiredDetail());
        }
        // the database unreachable, or a bug: the customer may try again; the log has the rest
        LOG.error("The survey page could not be served", e);
        return SurveyPages.secured(Response.status(503)).header("Retry-After", "30").type(MediaType.TEXT_HTML + ";charset=UTF-8")
                .entity(SurveyPages.Templates.message(t, t.unavailable(), t.unavailableDetail()).render()).build();
    }
}
