package io.madoguchi.escalation.repository;

import io.madoguchi.escalation.domain.RoutingDecision;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RoutingDecisionRepository implements PanacheRepositoryBase<RoutingDecision, Long> {
}
