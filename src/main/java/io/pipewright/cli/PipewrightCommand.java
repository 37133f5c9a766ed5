package io.pipewright.cli;

import io.pipewright.home.BuildInfo;
import io.pipewright.home.PipewrightHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "pipewright",
        mixinStandardHelpOptions = true,
        scope = picocli.CommandLine.ScopeType.INHERIT, // every subcommand has --help too
        versionProvider = PipewrightCommand.Version.class,
        description = {
            "Pipewright: a workbench for tabular machine learning.",
            "Without arguments, or with only files to open, it starts the desktop app."
        },
        footer = {
            "",
            "Exit codes: 0 success, 1 the work ran and failed, 2 bad usage or bad input.",
            "The home folder is --home, else $PIPEWRIGHT_HOME, else ~/.pipewright.",
            "The store is --store, else $PIPEWRIGHT_STORE, else the embedded H2 store in the home folder."
        })
final class PipewrightCommand implements Callable<Integer> {
    /**
     * The subcommands, in the order {@code --help} lists them. Not in the annotation: {@link Cli} adds only
     * the one a command line names, because building every command's model (reflection over each one's
     * options, and each one's fields) took 0.3 s of every process.
     */
    static final List<Class<?>> COMMANDS = List.of(OpenCommand.class, InfoCommand.class, ProfileCommand.class, RunCommand.class,
            ValidatePipelineCommand.class, AlgorithmsCommand.class, NodesCommand.class, RunsCommand.class, ModelsCommand.class,
            ServeCommand.class, StreamCommand.class, ScoreCommand.class, ExportCommand.class, CostCommand.class, SuiteCommand.class, ValidateCommand.class, DriftCommand.class,
            DatasetsCommand.class, MonitorCommand.class, ExportPipelineCommand.class,
            AbCommand.class, ScorecardCommand.class);

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Folder for the store, artifacts and logs (default: $PIPEWRIGHT_HOME or ~/.pipewright).")
    private Path home;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    private boolean verbose;

    @Option(names = "--store", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "A shared PostgreSQL store, jdbc:postgresql://host:port/db?user=…&password=… (default: $PIPEWRIGHT_STORE, else the "
                    + "embedded H2 store in the home folder).")
    private String store;

    PipewrightCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    PipewrightHome home() {
        return PipewrightHome.resolve(home, environment);
    }

    boolean verbose() {
        return verbose;
    }

    /** The --store option as given (null when absent). */
    String storeUrl() {
        return store;
    }

    /** The store: the shared one of --store (or $PIPEWRIGHT_STORE), else the home's embedded one. */
    io.pipewright.track.Store openStore() {
        String url = store != null ? store : environment.get("PIPEWRIGHT_STORE");
        String version = io.pipewright.home.BuildInfo.load().version();
        return url != null && !url.isBlank() ? io.pipewright.track.Store.openUrl(url, version)
                : io.pipewright.track.Store.open(home().create().store(), version);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pipewright " + BuildInfo.load().version()};
        }
    }
}
