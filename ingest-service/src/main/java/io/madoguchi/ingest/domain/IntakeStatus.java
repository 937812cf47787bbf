package io.madoguchi.ingest.domain;

/** What became of an accepted payload. Stored lower case. */
public enum IntakeStatus {
    /** normalized and announced on inquiries.v1 */
    published,
    /** stored; normalization needs a call to the channel first (a Slack message fetched by reaction) */
    pending,
    /** a signed, well-formed payload the parser could not normalize; kept for replay after a fix */
    failed,
    /** an auto-reply or bounce: recorded and flagged, never a ticket */
    automated,
    /** a chatbot answered the visitor: recorded for analytics, never a ticket */
    deflected,
    /** its sender was erased on request: no personal data left; the row stays so a retried delivery stays a duplicate */
    erased
}
