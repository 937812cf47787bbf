package io.madoguchi.analytics.domain;

import java.time.OffsetDateTime;

/**
 * The current state of a ticket as analytics keeps it (table {@code ticket_summary}), folded from its
 * {@code tickets.v1} events one after the other. A rebuild replays them in batches of another size: each step is
 * written so that the result does not depend on how the events were batched.
 */
public final class TicketSummary {

    public final long ticketId;
    /** Whether the row exists yet: a summary first made by this batch is inserted, a stored one updated. */
    public final boolean stored;
    public String channel;
    public String queue;
    public String status;
    public OffsetDateTime createdAt;
    public int messages;
    public String assignee;
    public OffsetDateTime firstReplyAt;
    public OffsetDateTime solvedAt;
    public int agentReplies;
    public int reopens;
    public boolean macroApplied;
    public String rating;
    public Integer score;
    public OffsetDateTime ratedAt;
    public String subject;
    public String question;
    public String requesterName;
    public String requesterEmail;
    public String answer;
    public String macro;
    public OffsetDateTime closedAt;
    public OffsetDateTime rawPurgedAt;

    public TicketSummary(long ticketId, boolean stored) {
        this.ticketId = ticketId;
        this.stored = stored;
    }

    public void created(String channel, String status, OffsetDateTime createdAt, String subject, String question, String requesterName,
            String requesterEmail) {
        this.channel = channel;
        this.status = status;
        this.createdAt = createdAt;
        this.subject = subject;
        this.question = question;
        this.requesterName = requesterName;
        this.requesterEmail = requesterEmail;
        messages++;
    }

    public void messageAdded() {
        messages++;
    }

    /** An agent's public reply: counted, the first one's time kept (the earliest wins whatever the order), the latest text kept. */
    public void agentReplied(OffsetDateTime at, String body) {
        messages++;
        agentReplies++;
        if (at != null && (firstReplyAt == null || at.isBefore(firstReplyAt))) {
            firstReplyAt = at;
        }
        if (body != null) {
            answer = body;
        }
    }

    public void statusChanged(String to, boolean reopened, OffsetDateTime at) {
        status = to;
        solvedAt = "solved".equals(to) ? at : "closed".equals(to) ? solvedAt : null;
        closedAt = "closed".equals(to) ? at : null;
        if (reopened) {
            reopens++;
        }
    }

    public void assigned(String queue, String assignee) {
        if (queue != null) {
            this.queue = queue;
        }
        this.assignee = assignee;
    }

    public void macroApplied(String macro) {
        macroApplied = true;
        if (macro != null) {
            this.macro = macro;
        }
    }

    public void rated(String rating, Integer score, OffsetDateTime at) {
        this.rating = rating;
        this.score = score;
        this.ratedAt = at;
    }

    /** The contact was erased on request: no text or requester is kept. */
    public void erased(OffsetDateTime at) {
        subject = null;
        question = null;
        answer = null;
        requesterName = null;
        requesterEmail = null;
        if (rawPurgedAt == null) {
            rawPurgedAt = at;
        }
    }
}
