package io.pipewright.ui.shell;

import atlantafx.base.theme.Styles;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.RunningTask;
import io.pipewright.ui.common.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The bottom bar: the latest news on the left, running tasks with progress and cancel on the right.
 * The news is whichever came last: a message (a profile's summary, a run's outcome), or a task
 * starting ("Running credit-risk…") and how it ended when nothing said more, so an old message never
 * stays on while later work goes on.
 */
final class StatusBar extends HBox {
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

    private final HBox tasks = new HBox(8);
    private final Label message = new Label("Ready");
    private final Tooltip tip = new io.pipewright.ui.common.WrappedTooltip();
    /** The task whose start the message shows, until something newer comes. */
    private RunningTask shown;

    StatusBar(TaskExecutor executor, Notifications notifications) {
        getStyleClass().add(io.pipewright.ui.common.Styles.STATUS_BAR);
        setId("status-bar");

        message.setId("status-message");
        message.getStyleClass().add(io.pipewright.ui.common.Styles.NOTICE);
        message.setTooltip(tip);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        // an invalidation listener: the same words posted again are news again
        notifications.latestProperty().addListener(observable -> {
            var notification = notifications.latestProperty().get();
            if (notification != null) {
                show(notification.text(), notification.level());
                shown = null;
            }
        });

        tasks.setId("status-tasks");
        executor.runningTasks().addListener((ListChangeListener<RunningTask>) change -> {
            while (change.next()) {
                change.getRemoved().forEach(this::ended);
                change.getAddedSubList().forEach(this::started);
            }
            rebuild(executor);
        });
        getChildren().addAll(message, tasks);
    }

    private void started(RunningTask task) {
        show(task.title() + "…", Notifications.Level.INFO);
        shown = task;
    }

    /** A task left the bar: its outcome replaces its start, unless something newer is shown (its owner's message follows). */
    private void ended(RunningTask task) {
        if (task != shown) {
            return;
        }
        String ending = task.ending() == null ? "done" : task.ending();
        show(task.title() + ": " + ending, ending.equals("failed") ? Notifications.Level.ERROR : Notifications.Level.INFO);
        shown = null;
    }

    private void show(String text, Notifications.Level level) {
        message.setText(text);
        tip.setText(text);
        message.pseudoClassStateChanged(WARNING, level == Notifications.Level.WARNING);
        message.pseudoClassStateChanged(ERROR, level == Notifications.Level.ERROR);
    }

    private void rebuild(TaskExecutor executor) {
        tasks.getChildren().clear();
        for (RunningTask task : executor.runningTasks()) {
            var title = new Label(task.title());
            title.getStyleClass().add(Styles.TEXT_SMALL);
            var bar = new ProgressBar();
            bar.progressProperty().bind(task.progressProperty());
            bar.getStyleClass().add(Styles.SMALL);
            var percent = new Label();
            percent.getStyleClass().add(Styles.TEXT_SMALL);
            percent.textProperty().bind(Bindings.createStringBinding(
                    () -> task.progressProperty().get() < 0 ? "" : Math.round(task.progressProperty().get() * 100) + " %",
                    task.progressProperty()));
            var cancel = new Button("✕");
            cancel.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
            cancel.setTooltip(new Tooltip("Cancel " + task.title()));
            cancel.setAccessibleText("Cancel " + task.title());
            cancel.setOnAction(event -> task.requestCancel());
            var chip = new HBox(title, bar, percent, cancel);
            chip.getStyleClass().add(io.pipewright.ui.common.Styles.TASK_CHIP);
            tasks.getChildren().add(chip);
        }
    }
}
