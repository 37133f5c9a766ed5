package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

/** The high-water marks of incremental reads, per pipeline and source, on H2 and PostgreSQL alike. */
class SourceWatermarksTest {

    @OnEachStore
    void aMarkIsKeptPerPipelineAndSourceAndReplacedByTheNextOne(TestStore stores) {
        String source = "jdbc:postgresql://db.internal:5432/shop#public.orders";
        try (Store store = stores.open()) {
            var marks = new SourceWatermarks(store);
            assertThat(marks.get("orders-feed", source)).as("before the first finished run").isEmpty();
            marks.set("orders-feed", source, new SourceWatermarks.Mark("updated_at", "2026-12-01T10:00", "run-1", Instant.parse("2026-12-01T10:05:00Z")));
            marks.set("orders-feed", source, new SourceWatermarks.Mark("updated_at", "2026-12-02T09:30:15.5", "run-2", Instant.parse("2026-12-02T09:35:00Z")));
            marks.set("other-feed", source, new SourceWatermarks.Mark("id", "41", "run-3", Instant.parse("2026-12-02T09:36:00Z")));
            var mark = marks.get("orders-feed", source).orElseThrow();
            assertThat(mark.value()).isEqualTo("2026-12-02T09:30:15.5");
            assertThat(mark.runKey()).isEqualTo("run-2");
            assertThat(mark.updatedAt()).isEqualTo(Instant.parse("2026-12-02T09:35:00Z"));
            assertThat(marks.get("other-feed", source).orElseThrow().value()).isEqualTo("41");
            assertThat(marks.get("orders-feed", source + "x")).isEmpty();
        }
    }
}
