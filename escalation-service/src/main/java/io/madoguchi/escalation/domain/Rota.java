package io.madoguchi.escalation.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An on-call rota serving one queue. */
@Entity
@Table(name = "rota")
public class Rota {

    @Id
    public String id;

    public String queue;

    public String zone;

    @Column(name = "handoff_time")
    public LocalTime handoffTime;

    @Column(name = "rotation_days")
    public int rotationDays;

    @Column(name = "starts_on")
    public LocalDate startsOn;

    @Column(columnDefinition = "text[]")
    public String[] members;

    @Column(name = "updated_by")
    public String updatedBy;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
