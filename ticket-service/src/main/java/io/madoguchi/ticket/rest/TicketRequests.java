package io.madoguchi.ticket.rest;

import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Bodies of the agent API. */
public final class TicketRequests {

    static final String TAG = "[\\p{L}\\p{N}_:.-]{1,64}";

    private TicketRequests() {
    }

    /** Fields to change; absent (null) fields stay, an empty assignee unassigns, tags replace the list. */
    public record Update(
            @Pattern(regexp = "new|open|pending|on-hold|solved|closed", message = "must be one of new, open, pending, on-hold, solved, closed") String status,
            @Pattern(regexp = "low|normal|high|urgent", message = "must be one of low, normal, high, urgent") String priority,
            @Size(max = 64) @Pattern(regexp = "[a-z0-9][a-z0-9_-]*", message = "must be a queue name such as tier1") String queue,
            @Size(max = 256) String assignee,
            @Size(max = 50) List<@NotNull @Pattern(regexp = TAG, message = "must be letters, digits, _ : . - (at most 64)") String> tags) {
    }

    public record NewMessage(
            @NotBlank @Size(max = 65536) String body,
            @Pattern(regexp = "public|internal", message = "must be public or internal") String visibility) {
    }

    public record Merge(@NotNull @Min(1) Long into) {
    }

    public record NewMacro(
            @NotBlank @Size(max = 128) String name,
            @Size(max = 65536) String replyBody,
            @Pattern(regexp = "public|internal", message = "must be public or internal") String replyVisibility,
            @Pattern(regexp = "open|pending|on-hold|solved", message = "must be one of open, pending, on-hold, solved") String setStatus,
            @Pattern(regexp = "low|normal|high|urgent", message = "must be one of low, normal, high, urgent") String setPriority,
            @Size(max = 20) List<@NotNull @Pattern(regexp = TAG) String> addTags) {
    }

    public record SurveyAnswer(
            @Pattern(regexp = "good|bad", message = "must be good or bad") String rating,
            @Min(1) @Max(5) Integer score,
            @Size(max = 2000) String comment) {

        @AssertTrue(message = "a rating (good or bad) or a score (1-5) is required")
        public boolean isAnswered() {
            return rating != null || score != null;
        }
    }

    public record ContactMerge(@NotNull @Min(1) Long into) {
    }
}
