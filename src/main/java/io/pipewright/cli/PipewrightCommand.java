package io.pipewright.cli;

import io.pipewright.home.BuildInfo;
import io.pipewright.home.PipewrightHome;
import java.nio.file.Path;
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
            "The store is --store, else $PIPEWRIGHT_STORE, else the embedded H2 store in the home folder.",
            "The data folder (datasets' versions by layer, captured tables) is --data, else $PIPEWRIGHT_DATA, else the home's data/."
        })
final class PipewrightCommand implements Callable<Integer> {
    /**
     * The subcommands, in the order {@code --help} lists them. Not in the annotation: {@link Cli} adds only
     * the one a command line names, because building every command's model (reflection over each one's
     * options, and each one's fields) took 0.3 s of every process. Each is named by its class's name rather
     * than a class literal: loading the 22 classes alone (each with its annotations) cost {@code --version}
     * about 0.1 s. {@code CliTest} checks that each name is its class's {@code @Command} name.
     */
    static final Map<String, String> COMMANDS = commands(
            "open", "OpenCommand",
            "info", "InfoCommand",
            "profile", "ProfileCommand",
            "run", "RunCommand",
            "validate-pipeline", "ValidatePipelineCommand",
            "algorithms", "AlgorithmsCommand",
            "nodes", "NodesCommand",
            "runs", "RunsCommand",
            "models", "ModelsCommand",
            "serve", "ServeCommand",
            "stream", "StreamCommand",
            "score", "ScoreCommand",
            "export", "ExportCommand",
            "cost", "CostCommand",
            "suite", "SuiteCommand",
            "validate", "ValidateCommand",
            "drift", "DriftCommand",
            "datasets", "DatasetsCommand",
            "ingest", "IngestCommand",
            "features", "FeaturesCommand",
            "monitor", "MonitorCommand",
            "export-pipeline", "ExportPipelineCommand",
            "ab", "AbCommand",
            "scorecard", "ScorecardCommand");

    /** Name → class name pairs, kept in order; the classes are named, not referenced, so none is loaded here. */
    private static Map<String, String> commands(String... pairs) {
        var commands = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            commands.put(pairs[i], PipewrightCommand.class.getPackageName() + "." + pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(commands);
    }

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Folder for the store, artifacts and logs (default: $PIPEWRIGHT_HOME or ~/.pipewright).")
    private Path home;

    @Option(names = "--data", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The data folder: datasets' versions by layer and captured tables, shared by a team as it shares a store "
                    + "(default: $PIPEWRIGHT_DATA, else the home's data/).")
    private Path data;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    private boolean verbose;

    @Option(names = "--store", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "A shared PostgreSQL store, jdbc:postgresql://host:port/db?user=…&password=… (default: $PIPEWRIGHT_STORE, else the "
                    + "embedded H2 store in the home folder).")
    private String store;

    PipewrightCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The root with its options already read (by {@link Cli}, for the commands it answers without the parser). */
    PipewrightCommand(Map<String, String> environment, Path home, boolean verbose) {
        this(environment);
        this.home = home;
        this.verbose = verbose;
    }

    PipewrightHome home() {
        return PipewrightHome.resolve(home, data, environment);
    }

    /** The environment the command runs in (credentials of database sources are read from it). */
    Map<String, String> environment() {
        return environment;
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
