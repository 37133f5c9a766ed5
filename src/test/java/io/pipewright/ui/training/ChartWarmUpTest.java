package io.pipewright.ui.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

class ChartWarmUpTest {

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void drawsTheLiveChartsOffTheFxThreadWhileTheFxThreadGoesOn() throws Exception {
        var warmUp = CompletableFuture.runAsync(() -> {
            assertThat(Platform.isFxApplicationThread()).isFalse();
            ChartWarmUp.warm(); // throws what goes wrong: a drawing call that needs the FX thread would fail here
        });
        // the FX thread answers while the warm-up draws
        var answered = new CompletableFuture<Boolean>();
        Platform.runLater(() -> answered.complete(true));
        assertThat(answered.get(10, TimeUnit.SECONDS)).isTrue();
        warmUp.get(60, TimeUnit.SECONDS);
        assertThat(ChartWarmUp.run()).as("milliseconds it took").isNotNegative();
    }
}
