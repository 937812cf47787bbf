package io.madoguchi.analytics.service.mining;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Mining quality on the second held-out set: 240 inquiries on 16 topics none of the other sets has (6 Japanese, 6
 * English and 3 mixed each, with confusable pairs such as a pre-order cancelled and a plan change undone) and 20 help
 * articles covering 10 of them (6 in both languages, 2 only in Japanese, 2 only in English), written by someone who had
 * not seen the miner, after its settings were frozen, and mined once with them (F1 0.676). The dictionary's settings were
 * then chosen on it, the first held-out set and the tuning set, so it is a development set now and
 * {@link MiningThirdHoldoutEvaluationTest} has the honest scores. Prints every measure of {@link MiningScores} for each
 * alignment; asserts floors at the scores measured (Japanese and English of a topic in one cluster for ≥ 80 % of the
 * topics asked in both is not met: 12 of 16).
 */
class MiningSecondHoldoutEvaluationTest {

    private static final MiningScores.LabelledSet HOLDOUT = MiningScores.LabelledSet.read("/mining/holdout2-inquiries.tsv",
            "/mining/holdout2-articles.tsv");

    @Test
    void secondHeldOutScores() {
        MiningScores scores = MiningScores.printed("second held-out", HOLDOUT);
        scores.assertAtLeast(new MiningScores.Floors(0.84, 0.64, 0.73, 0.92, 1.0, 0.75));
        assertTrue(scores.leakingTop3().isEmpty(), scores.summary());
        assertTrue(scores.leaking().isEmpty(), scores.summary());
    }
}
