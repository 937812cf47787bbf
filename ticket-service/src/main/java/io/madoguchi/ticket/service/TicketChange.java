package io.madoguchi.ticket.service;

import java.util.List;

/** What an agent changes on a ticket; null fields stay as they are, an empty assignee unassigns. */
public record TicketChange(String status, String priority, String queue, String assignee, List<String> tags) {
}
