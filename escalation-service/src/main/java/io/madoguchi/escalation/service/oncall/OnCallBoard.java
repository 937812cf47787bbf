package io.madoguchi.escalation.service.oncall;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.madoguchi.escalation.domain.Cover;
import io.madoguchi.escalation.service.oncall.OnCallService.Assignment;

/**
 * Every queue's covers and on-call schedule as read once for a batch of tickets, so that routing the batch asks the
 * database nothing per ticket.
 *
 * @param covers each queue's covers, oldest first
 * @param rotas each queue's rota id and schedule
 */
public record OnCallBoard(Map<String, List<Cover>> covers, Map<String, Rota> rotas) {

    public record Rota(String id, OnCallSchedule schedule) {
    }

    public static final OnCallBoard EMPTY = new OnCallBoard(Map.of(), Map.of());

    /**
     * Who takes a new ticket of the queue at that moment: a cover active then first (so the queue's regular agents get
     * focus time), else whoever is on call for the queue's rota; null when the queue is worked as a pool.
     */
    public Assignment assigneeFor(String queue, Instant at) {
        for (Cover cover : covers.getOrDefault(queue, List.of())) {
            if (OnCallService.active(cover, at)) {
                return new Assignment(cover.member, "cover:" + cover.id);
            }
        }
        Rota rota = rotas.get(queue);
        return rota == null ? null : new Assignment(rota.schedule().at(at).member(), "on-call:" + rota.id());
    }
}
