package io.madoguchi.chassis.tracing;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Names the trace ids OpenTelemetry puts in each log line's MDC ({@code traceId}, {@code spanId}) the way our logs
 * name fields, {@code trace_id} and {@code span_id}, beside {@code inquiry_id} and {@code ticket_id} ({@link LogIds}).
 * Filters nothing out.
 */
@LoggingFilter(name = "trace-ids")
public final class TraceIdsInLogs implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            rename(ext, "traceId", "trace_id");
            rename(ext, "spanId", "span_id");
            ext.removeMdc("parentId");
            ext.removeMdc("sampled");
        }
        return true;
    }

    private static void rename(ExtLogRecord record, String from, String to) {
        String value = record.removeMdc(from);
        if (value != null) {
            record.putMdc(to, value);
        }
    }
}
