package io.madoguchi.ingest.service.intake;

import java.sql.SQLException;

import io.vertx.pgclient.PgException;

/** Recognises PostgreSQL's unique_violation (23505) however the driver or Hibernate wrapped it. */
final class UniqueViolation {

    private UniqueViolation() {
    }

    static boolean matches(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException c && "23505".equals(c.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
