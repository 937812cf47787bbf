package io.madoguchi.ingest.service.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/inquiries}, as an internal system or the web form sends it. */
public record InquiryRequest(
        @NotBlank @Pattern(regexp = "api|email|slack|line|chat|form", message = "must be one of api, email, slack, line, chat, form")
        String channel,
        @NotNull @Valid Requester requester,
        @Size(max = 998) String subject,
        @NotBlank @Size(max = 65536) String body,
        @Size(max = 512) @Pattern(regexp = "[^\\s]+", message = "must not contain whitespace") String conversationKey) {

    public record Requester(
            @Size(max = 256) String id,
            @Email @Size(max = 320) String email,
            @Size(max = 256) String name,
            @Size(max = 64) String phone) {

        @AssertTrue(message = "requester needs an id or an email")
        public boolean isIdentified() {
            return (id != null && !id.isBlank()) || (email != null && !email.isBlank());
        }
    }
}
