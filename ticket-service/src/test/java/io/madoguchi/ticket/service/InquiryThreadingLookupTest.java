package io.madoguchi.ticket.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.madoguchi.ticket.events.InquiryReceived;

class InquiryThreadingLookupTest {

    @Test
    void anEndlessReferencesListIsLookedUpByItsReplyToItsRootAndItsNewestOnly() {
        List<String> references = IntStream.range(0, 20_000).mapToObj(i -> "<m" + i + "@example.jp>").toList();
        List<String> ids = InquiryThreading.lookedUp(new InquiryReceived.ThreadRefs("<new@example.jp>", "<m19999@example.jp>", references));
        assertEquals(InquiryThreading.MAX_REFERENCES, ids.size());
        assertEquals("<m19999@example.jp>", ids.get(0), "In-Reply-To first");
        assertEquals("<m0@example.jp>", ids.get(1), "the thread's root");
        assertEquals("<m19902@example.jp>", ids.get(2), "then the newest");
        assertEquals("<m19999@example.jp>", ids.get(ids.size() - 1));
    }

    @Test
    void aShortThreadIsLookedUpWhole() {
        List<String> ids = InquiryThreading.lookedUp(new InquiryReceived.ThreadRefs("<c@x>", "<b@x>", List.of("<a@x>", "<b@x>")));
        assertEquals(List.of("<b@x>", "<a@x>", "<b@x>"), ids);
    }
}
