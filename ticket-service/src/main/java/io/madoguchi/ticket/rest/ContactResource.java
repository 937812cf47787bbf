package io.madoguchi.ticket.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.ticket.domain.ContactIdentity;
import io.madoguchi.ticket.domain.ContactMerge;
import io.madoguchi.ticket.service.ContactErasure;
import io.madoguchi.ticket.service.ContactService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** Contacts: one person across channels; admins merge and un-merge them. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class ContactResource {

    public record IdentityView(String kind, String value, boolean verified) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContactView(long id, String displayName, List<IdentityView> identities, Instant erasedAt) {
    }

    public record ErasureView(long contactId, List<Long> tickets, Instant erasedAt) {
    }

    public record MergeView(long id, long source, long target, List<Long> movedTickets, Instant mergedAt, Instant undoneAt) {

        static MergeView of(ContactMerge m) {
            return new MergeView(m.id, m.sourceContactId, m.targetContactId, List.of(m.ticketIds), m.mergedAt, m.undoneAt);
        }
    }

    private final ContactService contacts;
    private final ContactErasure erasure;
    private final OutboxRelay relay;

    public ContactResource(ContactService contacts, ContactErasure erasure, OutboxRelay relay) {
        this.contacts = contacts;
        this.erasure = erasure;
        this.relay = relay;
    }

    @GET
    @Path("/contacts/{id}")
    @RolesAllowed({ "agent", "admin" })
    @Operation(summary = "A contact and its identities")
    public Uni<ContactView> get(@PathParam("id") long id) {
        return Panache.withSession(() -> contacts.find(id).chain(contact -> {
            if (contact == null) {
                throw new ProblemException(404, "Not Found", "No contact " + id);
            }
            return contacts.identitiesOf(id).map(ids -> new ContactView(contact.id, contact.displayName,
                    ids.stream().map(ContactResource::view).toList(), contact.erasedAt));
        }));
    }

    @POST
    @Path("/contacts/{id}/merge")
    @RolesAllowed("admin")
    @Operation(summary = "Merge this contact into another (admin): identities and tickets move; the merge can be undone")
    public Uni<MergeView> merge(@PathParam("id") long id, @NotNull @Valid TicketRequests.ContactMerge request,
            @Context SecurityContext security) {
        if (id == request.into()) {
            throw new ProblemException(409, "Conflict", "A contact cannot be merged into itself");
        }
        return Panache.withTransaction(() -> contacts.merge(id, request.into(), security.getUserPrincipal().getName()))
                .map(merge -> {
                    if (merge == null) {
                        throw new ProblemException(404, "Not Found", "No contact " + id + " or " + request.into());
                    }
                    return MergeView.of(merge);
                });
    }

    @POST
    @Path("/contacts/{id}/erasure")
    @RolesAllowed("admin")
    @Operation(summary = "Erase a contact's personal data in every service (a data-protection request, admin)",
            description = "Deletes the contact's identities and removes subject, requester and message bodies from its tickets, which "
                    + "stay for the statistics; each ticket's io.madoguchi.ticket.contact-erased.v1 event has the other services remove "
                    + "raw payloads, attachments, deliveries, routing facts and the analytics archive. Repeatable.")
    @APIResponse(responseCode = "404", description = "No such contact")
    public Uni<ErasureView> erase(@PathParam("id") long id, @Context SecurityContext security) {
        return Panache.withTransaction(() -> erasure.erase(id, security.getUserPrincipal().getName())).invoke(relay::wakeUp).map(erased -> {
            if (erased == null) {
                throw new ProblemException(404, "Not Found", "No contact " + id);
            }
            return new ErasureView(erased.contactId(), erased.ticketIds(), erased.erasedAt());
        });
    }

    @POST
    @Path("/contact-merges/{mergeId}/undo")
    @RolesAllowed("admin")
    @Operation(summary = "Undo a contact merge: the identities and tickets that moved go back")
    public Uni<MergeView> undo(@PathParam("mergeId") long mergeId) {
        return Panache.withTransaction(() -> contacts.undo(mergeId)).map(merge -> {
            if (merge == null) {
                throw new ProblemException(404, "Not Found", "No contact merge " + mergeId);
            }
            return MergeView.of(merge);
        });
    }

    private static IdentityView view(ContactIdentity identity) {
        return new IdentityView(identity.kind, identity.value, identity.verified);
    }
}
