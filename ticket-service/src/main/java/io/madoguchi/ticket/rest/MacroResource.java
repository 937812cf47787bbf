package io.madoguchi.ticket.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.madoguchi.ticket.domain.Macro;
import io.madoguchi.ticket.service.MacroService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/macros")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class MacroResource {

    public record MacroView(long id, String name, String replyBody, String replyVisibility, String setStatus,
            String setPriority, List<String> addTags, long uses) {

        static MacroView of(Macro m) {
            return new MacroView(m.id, m.name, m.replyBody, m.replyVisibility, m.setStatus, m.setPriority, List.of(m.addTags), m.uses);
        }
    }

    private final MacroService macros;

    public MacroResource(MacroService macros) {
        this.macros = macros;
    }

    @GET
    @RolesAllowed({ "agent", "admin" })
    @Operation(summary = "Macros with how often each was used")
    public Uni<List<MacroView>> list() {
        return macros.list().map(list -> list.stream().map(MacroView::of).toList());
    }

    @POST
    @RolesAllowed("admin")
    @Operation(summary = "Create a macro (admin)")
    public Uni<Response> create(@NotNull @Valid TicketRequests.NewMacro request) {
        Macro macro = new Macro();
        macro.name = request.name();
        macro.replyBody = request.replyBody();
        macro.replyVisibility = request.replyVisibility() == null ? "public" : request.replyVisibility();
        macro.setStatus = request.setStatus();
        macro.setPriority = request.setPriority();
        macro.addTags = request.addTags() == null ? new String[0] : request.addTags().toArray(String[]::new);
        return macros.create(macro).map(m -> Response.status(201).entity(MacroView.of(m)).build());
    }
}
