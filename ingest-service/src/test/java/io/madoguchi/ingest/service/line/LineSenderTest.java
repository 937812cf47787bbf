package io.madoguchi.ingest.service.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class LineSenderTest {

    @Test
    void aTextIsCutAtLinesFiveThousandCodeUnitsNeverBetweenTheHalvesOfASurrogatePair() {
        assertEquals(List.of(""), LineSender.parts(""));
        assertEquals(List.of("あ".repeat(5000)), LineSender.parts("あ".repeat(5000)), "5,000 fit in one message");
        assertEquals(List.of("あ".repeat(5000), "あ"), LineSender.parts("あ".repeat(5001)));
        // the emoji takes code units 4,999 and 5,000: it goes whole into the second message
        assertEquals(List.of("a".repeat(4999), "😀" + "b".repeat(10)), LineSender.parts("a".repeat(4999) + "😀" + "b".repeat(10)));
        // a line break in the second half of a message ends it; one in the first half does not
        String lines = "x".repeat(3000) + "\n" + "y".repeat(3000);
        assertEquals(List.of("x".repeat(3000) + "\n", "y".repeat(3000)), LineSender.parts(lines));
        String early = "x".repeat(1000) + "\n" + "y".repeat(5000);
        assertEquals(List.of("x".repeat(1000) + "\n" + "y".repeat(3999), "y".repeat(1001)), LineSender.parts(early));
    }

    @Test
    void theFirstPushIsKeyedByTheDeliveryIdEveryOtherByAKeyDerivedFromItTheSameEachTime() {
        UUID delivery = UUID.fromString("0b6f1f9e-8c1e-4d67-9a53-51f2a3c0a9d1");
        assertEquals(delivery, LineSender.retryKey(delivery, 0));
        assertEquals(LineSender.retryKey(delivery, 1), LineSender.retryKey(delivery, 1));
        assertNotEquals(LineSender.retryKey(delivery, 1), LineSender.retryKey(delivery, 2));
        assertNotEquals(LineSender.retryKey(delivery, 1), LineSender.retryKey(UUID.randomUUID(), 1));
    }
}
