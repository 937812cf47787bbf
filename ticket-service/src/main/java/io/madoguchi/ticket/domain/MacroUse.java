package io.madoguchi.ticket.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "macro_use")
public class MacroUse {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "macro_id")
    public Long macroId;

    @Column(name = "ticket_id")
    public Long ticketId;

    @Column(name = "used_by")
    public String usedBy;

    @Column(name = "used_at")
    public Instant usedAt;
}
