package io.madoguchi.ticket.repository;

import io.madoguchi.ticket.domain.Survey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class SurveyRepository implements PanacheRepositoryBase<Survey, String> {

    /** The survey, locked until the transaction ends, so that two answers to one token are taken one after the other. */
    public Uni<Survey> findForUpdate(String token) {
        return findById(token, LockModeType.PESSIMISTIC_WRITE);
    }
}
