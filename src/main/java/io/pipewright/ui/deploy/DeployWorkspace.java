package io.pipewright.ui.deploy;

import io.pipewright.track.ModelRegistry;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.ui.common.Workspace;
import javafx.scene.Node;

/**
 * The Deploy workspace: a registered version's bundle, its options, files and validators. It reads
 * the registry each time it is shown, with the version Models asked to export chosen.
 */
public final class DeployWorkspace implements Workspace {
    private final DeployViewModel model;
    private final Host host;
    private final DialogService dialogs;
    private final TaskExecutor executor;
    private final Notifications notifications;
    /** Built when the window first asks for it (after the first frame, unless this workspace is the one on screen). */
    private DeployView view;
    private ModelRegistry.Version pending;

    public DeployWorkspace(DeployViewModel model, DialogService dialogs, TaskExecutor executor, Notifications notifications, Host host) {
        this.model = model;
        this.host = host;
        this.dialogs = dialogs;
        this.executor = executor;
        this.notifications = notifications;
    }

    public DeployViewModel model() {
        return model;
    }

    /** Shows this workspace with a registered version chosen. */
    public void showVersion(ModelRegistry.Version version) {
        pending = version;
        host.show(this);
    }

    @Override
    public void shown() {
        ModelRegistry.Version version = pending;
        pending = null;
        model.refreshSources(version);
    }

    @Override
    public String id() {
        return "deploy";
    }

    @Override
    public String title() {
        return "Deploy";
    }

    @Override
    public String icon() {
        return Icons.ROCKET;
    }

    @Override
    public String shortcut() {
        return "Shortcut+7";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new DeployView(model, dialogs, folder -> executor.execute(BackgroundTask.of("Opening " + folder, progress -> {
                if (!java.awt.Desktop.isDesktopSupported() || !java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.OPEN)) {
                    throw new IllegalStateException("This desktop cannot open folders; the bundle is in " + folder);
                }
                java.awt.Desktop.getDesktop().open(folder.toFile());
                return folder;
            }).quiet().onFailure(error -> notifications.warn(error.getMessage()))));
        }
        return view;
    }
}
