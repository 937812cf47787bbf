package io.madoguchi.ticket.domain;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One SLA clock of a ticket as escalation-service announces it: {@code running} ({@code dueAt} when it breaches),
 * {@code paused}, {@code met} or {@code breached} ({@code dueAt} when it did).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlaClock(String metric, String state, Instant dueAt) {
}
