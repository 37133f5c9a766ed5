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

/** The bottom bar: the latest message on the left, running tasks with progress and cancel on the right. */
final class StatusBar extends HBox {
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

    private final HBox tasks = new HBox(8);

    StatusBar(TaskExecutor executor, Notifications notifications) {
        getStyleClass().add(io.pipewright.ui.common.Styles.STATUS_BAR);
        setId("status-bar");

        var message = new Label("Ready");
        message.setId("status-message");
        message.getStyleClass().add(io.pipewright.ui.common.Styles.NOTICE);
        var tip = new Tooltip();
        message.setTooltip(tip);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        notifications.latestProperty().addListener((observable, before, notification) -> {
            message.setText(notification.text());
            tip.setText(notification.text());
            message.pseudoClassStateChanged(WARNING, notification.level() == Notifications.Level.WARNING);
            message.pseudoClassStateChanged(ERROR, notification.level() == Notifications.Level.ERROR);
        });

        tasks.setId("status-tasks");
        executor.runningTasks().addListener((ListChangeListener<RunningTask>) change -> rebuild(executor));
        getChildren().addAll(message, tasks);
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
