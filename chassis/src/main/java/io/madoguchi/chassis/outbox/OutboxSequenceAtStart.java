package io.madoguchi.chassis.outbox;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;

/**
 * Raises the outbox's id sequence, each time the service starts, to at least the database's clock in microseconds:
 * after the migrations (a Flyway callback), so before anything of this start writes outbox rows. The ids go out as
 * the events' {@code ce_sequence}, which consumers keep per key as a watermark; a database restored from a backup
 * would otherwise hand out again ids published after the backup, and the events behind them would be taken for
 * redeliveries. The clock moves on while the service is down, and at under a million outbox rows a second the ids do
 * not catch up with it. The sequence only goes up: a writer of another replica that took an id meanwhile took it
 * below the value set, so no id is handed out twice.
 */
@Singleton
public class OutboxSequenceAtStart implements FlywayConfigurationCustomizer {

    static final String RAISE = "SELECT setval('outbox_event_id_seq', now_us) FROM outbox_event_id_seq,"
            + " (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS now_us) clock WHERE last_value < now_us";

    @Override
    public void customize(FluentConfiguration configuration) {
        Callback[] existing = configuration.getCallbacks();
        Callback[] callbacks = Arrays.copyOf(existing, existing.length + 1);
        callbacks[existing.length] = new RaiseAfterMigrate();
        configuration.callbacks(callbacks);
    }

    private static final class RaiseAfterMigrate implements Callback {

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            try (Statement statement = context.getConnection().createStatement()) {
                statement.execute(RAISE);
            } catch (SQLException e) {
                throw new FlywayException("Could not raise outbox_event_id_seq to the clock", e);
            }
        }

        @Override
        public String getCallbackName() {
            return "raise the outbox sequence to the clock";
        }
    }
}
