package io.madoguchi.ingest.rest;

import java.util.UUID;

public record InquiryAccepted(UUID inquiryId, String conversationKey, String status) {
}
