package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.FxTaskExecutor;
import io.pipewright.ui.common.Notifications;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The status bar lists running work with its progress, and its cancel button stops the work. */
class StatusBarTest {
    private final FxRobot robot = new FxRobot();
    private FxTaskExecutor executor;
    private Notifications notifications;

    @BeforeEach
    void show() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        executor = new FxTaskExecutor(2);
        notifications = new Notifications();
        FxToolkit.setupSceneRoot(() -> new StatusBar(executor, notifications));
        robot.interact(() -> {
            stage.getScene().getWindow().setWidth(900);
            stage.show();
        });
    }

    @AfterEach
    void stop() throws Exception {
        executor.shutdown();
        FxToolkit.cleanupStages();
    }

    @Test
    void runningWorkShowsProgressAndCanBeCancelled() throws Exception {
        var halfway = new CountDownLatch(1);
        var cancelled = new AtomicBoolean();
        robot.interact(() -> executor.execute(BackgroundTask.of("Reading big.csv", progress -> {
            progress.update(50, 100, "big.csv");
            halfway.countDown();
            while (!progress.isCancelled()) {
                Thread.sleep(10); // the long work under test: it goes on until the person cancels it
            }
            progress.checkCancelled();
            return "never";
        }).onCancelled(() -> {
            cancelled.set(true);
            notifications.info("Stopped reading big.csv");
        })));
        assertThat(halfway.await(10, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#status-tasks .progress-bar").tryQuery().map(bar -> ((ProgressBar) bar).getProgress() == 0.5).orElse(false));
        assertThat(robot.lookup("Reading big.csv").tryQuery()).isPresent();
        assertThat(robot.lookup("50 %").tryQuery()).isPresent();

        robot.clickOn("✕");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, cancelled::get);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#status-tasks .progress-bar").tryQuery()).as("the finished task leaves the bar").isEmpty();
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText()).isEqualTo("Stopped reading big.csv");
    }

    @Test
    void failuresReachTheirHandlerAndLeaveTheBar() throws Exception {
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        robot.interact(() -> executor.execute(BackgroundTask.of("Failing", progress -> {
            throw new IllegalStateException("boom");
        }).onFailure(failure::set)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> failure.get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(failure.get()).hasMessage("boom");
        assertThat(robot.lookup("#status-tasks .progress-bar").tryQuery()).isEmpty();
    }

    @Test
    void theLatestTaskIsTheNewsNotAnOlderMessage() throws Exception {
        robot.interact(() -> notifications.info("Profiled credit.csv: 10 columns, 2 alerts"));
        var release = new CountDownLatch(1);
        var ended = new AtomicBoolean();
        robot.interact(() -> executor.execute(BackgroundTask.of("Running credit-risk", progress -> {
            release.await(10, TimeUnit.SECONDS);
            return "finished";
        }).onSuccess(outcome -> {
            ended.set(true);
            notifications.info("Run 1 " + outcome);
        })));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(message()).as("a task started since").isEqualTo("Running credit-risk…");
        release.countDown();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, ended::get);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(message()).as("its owner's word on how it went").isEqualTo("Run 1 finished");

        // a task whose owner says nothing: how it ended; the same words posted again are news again
        robot.interact(() -> executor.execute(BackgroundTask.of("Reading run 1", progress -> "read")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> message().equals("Reading run 1: done")).get());
        robot.interact(() -> notifications.info("Run 1 finished"));
        assertThat(message()).isEqualTo("Run 1 finished");
    }

    private String message() {
        return robot.lookup("#status-message").queryAs(Label.class).getText();
    }
}
