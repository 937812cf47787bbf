package io.madoguchi.ticket.repository;

import io.madoguchi.ticket.domain.Survey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SurveyRepository implements PanacheRepositoryBase<Survey, String> {
}
