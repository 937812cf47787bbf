package io.madoguchi.analytics.service.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Mining quality on the tuning set, written for this test: 210 inquiries on 20 topics (ten paraphrases each, five
 * Japanese and five English, and ten mixed ones) and 14 help articles, six Japanese/English pairs covering 6 topics. The
 * miner's glossary was chosen on this set, and its thresholds on this one and the first and second held-out sets, so
 * their scores are optimistic: {@link MiningThirdHoldoutEvaluationTest} has the honest ones. Prints every measure of
 * {@link MiningScores} for each alignment; asserts floors at the scores measured.
 */
class MiningEvaluationTest {

    private static final MiningScores.LabelledSet TUNING = MiningScores.LabelledSet.read("/mining/labelled-inquiries.tsv", "/mining/help-articles.tsv");

    @Test
    void clustersJoinLanguagesAndFindTheTopicsNoArticleCovers() {
        MiningScores scores = MiningScores.printed("tuning", TUNING);
        scores.assertAtLeast(new MiningScores.Floors(0.87, 0.85, 0.86, 1.0, 1.0, 1.0));
        assertEquals(List.of(), List.copyOf(scores.leaking()), scores.summary());
    }

    @Test
    void aJapaneseArticleAloneCoversTheEnglishQuestionsOfItsTopic() {
        MiningScores.LabelledSet japaneseOnly = TUNING.withArticles(TUNING.articles().stream().filter(a -> "ja".equals(a.language())).toList());
        MiningScores scores = MiningScores.mine(japaneseOnly, FaqMiner.Settings.DEFAULT);
        System.out.println("tuning, Japanese articles only: " + scores.summary());
        assertEquals(List.of(), List.copyOf(scores.leaking()), scores.summary());
    }
}
