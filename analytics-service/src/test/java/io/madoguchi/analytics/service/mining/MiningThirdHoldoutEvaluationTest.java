package io.madoguchi.analytics.service.mining;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Mining quality on the third held-out set: 240 inquiries on 16 topics none of the other sets has (help-desk software and
 * a shop: canned replies, chatbot handover, e-mail bounces, wishlists, size exchanges; Japanese, English and mixed) and
 * 20 help articles covering 10 of them, written by someone who had not seen the miner, kept unread until the settings
 * with the dictionary were frozen on the other three sets, and mined once with them. These are the honest scores, and
 * they are far below the targets: B-cubed F1 0.54 (target 0.7), 4 of the 6 uncovered topics in the top 6 (target all),
 * Japanese and English of a topic in one cluster for 9 of 16 topics (target 80 %). The settings before the dictionary
 * did worse on it (F1 0.46, 2 of 6, a covered topic among the first three candidates, 6 of 16). Prints every measure of
 * {@link MiningScores} for each alignment; asserts floors at the scores measured.
 */
class MiningThirdHoldoutEvaluationTest {

    private static final MiningScores.LabelledSet HOLDOUT = MiningScores.LabelledSet.read("/mining/holdout3-inquiries.tsv",
            "/mining/holdout3-articles.tsv");

    @Test
    void thirdHeldOutScores() {
        MiningScores scores = MiningScores.printed("third held-out", HOLDOUT);
        scores.assertAtLeast(new MiningScores.Floors(0.74, 0.41, 0.53, 0.91, 0.66, 0.56));
        assertTrue(scores.leakingTop3().isEmpty(), scores.summary());
    }
}
