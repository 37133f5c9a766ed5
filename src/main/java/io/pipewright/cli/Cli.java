package io.pipewright.cli;

import io.pipewright.data.DatasetException;
import io.pipewright.data.TablesawStartup;
import io.pipewright.pipeline.PipelineException;
import io.pipewright.track.StoreException;
import java.io.File;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Builds the {@code pipewright} command line and maps failures to one line and an exit code. */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    /** Subcommand name → its class's name, in the order --help lists them. */
    private static final Map<String, String> NAMES = PipewrightCommand.COMMANDS;

    private Cli() {
    }

    public static int execute(String[] args) {
        return execute(args, System.out, System.err, System.getenv());
    }

    /**
     * The command line with only the named top-level subcommands (as {@code --help} names them): a distribution
     * that lacks the others' libraries runs these, and never loads the other commands' classes. Without a
     * command it opens nothing: the parser answers that one is missing, unless {@code open} is among them.
     */
    public static int execute(String[] args, List<String> commandNames) {
        return execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), commandNames);
    }

    static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment, List<String> commandNames) {
        var names = new java.util.LinkedHashMap<String, String>();
        for (String name : commandNames) {
            String className = NAMES.get(name);
            if (className == null) {
                throw new IllegalArgumentException("no such command: " + name);
            }
            names.put(name, className);
        }
        return execute(args, out, err, environment, java.util.Collections.unmodifiableMap(names));
    }

    /** The entry point's own writers (buffered, flushed on println) over the given streams. */
    static int execute(String[] args, java.io.OutputStream out, java.io.OutputStream err, Map<String, String> environment) {
        return execute(args, new PrintWriter(out, true), new PrintWriter(err, true), environment);
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        return execute(args, out, err, environment, NAMES);
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment, Map<String, String> names) {
        if (versionOnly(args)) {
            // what the parser would print, without building it: picocli's model alone is 170 classes
            for (String line : new PipewrightCommand.Version().getVersion()) {
                out.println(line);
            }
            out.flush();
            return OK;
        }
        var root = new PipewrightCommand(environment);
        String[] effective = names.containsKey("open") ? withDefaultCommand(args, names.keySet()) : args;
        // --version needs no subcommand at all
        String requested = versionOnly(effective) ? "" : requested(effective, names);
        if (requested != null && STORE_FIRST.contains(requested) && embeddedStore(effective, environment)) {
            // the JDK's number-format data (these commands print sizes and values with it) and H2's classes load on
            // the other core while the parser and logging start here
            var warmUp = new Thread(() -> {
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT);
                io.pipewright.track.StoreWarmUp.run();
            }, "pipewright-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        var plainInfo = "info".equals(requested) ? PlainInfo.read(effective, environment) : null;
        if (plainInfo != null) {
            return plainInfo.run(out, err);
        }
        var plainOpen = "open".equals(requested) ? PlainOpen.read(effective, environment) : null;
        if (plainOpen != null) {
            return plainOpen.run();
        }
        var commandLine = commandLine(root, names, requested);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(Cli::badUsage);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> failure(exception, root, err));
        commandLine.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help;
            }
            nameLogFolder(root);
            Object command = parseResult.asCommandLineList().get(parseResult.asCommandLineList().size() - 1).getCommand();
            var needs = command instanceof StartNeeds declared ? declared : ALL_NEEDS;
            if (needs.logsAtStart()) {
                org.slf4j.LoggerFactory.getILoggerFactory();
            }
            if (needs.readsTables()) {
                TablesawStartup.initialise();
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        try {
            return commandLine.execute(effective);
        } finally {
            // an auto-flushing PrintWriter flushes on println only: a command that ends with print would
            // otherwise leave its output in the buffer when the process exits
            out.flush();
            err.flush();
        }
    }

    /**
     * {@code info} in its plain forms ({@code [--home DIR] [--verbose] info [--json]}), answered as the parser
     * would answer it without building the parser: picocli's model and parse took about a third of the command's
     * time, as long as opening the store. Any other form (help, {@code --store}, an option after the command, a
     * mistake) goes to the parser. {@code CliTest} checks both give the same output.
     */
    private record PlainInfo(PipewrightCommand root, boolean json) {
        static PlainInfo read(String[] args, Map<String, String> environment) {
            var root = PlainOptions.read(args, "info", environment);
            if (root == null) {
                return null;
            }
            int rest = args.length - root.index() - 1;
            if (rest > 1 || rest == 1 && !args[root.index() + 1].equals("--json")) {
                return null;
            }
            return new PlainInfo(root.command(), rest == 1);
        }

        int run(PrintWriter out, PrintWriter err) {
            nameLogFolder(root);
            try {
                return InfoCommand.show(root, json, out);
            } catch (Exception e) {
                return failure(e, root, err);
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    /**
     * The window with no file to open ({@code [--home DIR] [--verbose]}, how a person starts it), started as the
     * parser would start it without building the parser: picocli's model took 0.17 s of the first frame's time.
     * Files, {@code --store}, help and mistakes go to the parser.
     */
    private record PlainOpen(PipewrightCommand root) {
        static PlainOpen read(String[] args, Map<String, String> environment) {
            var root = PlainOptions.read(args, "open", environment);
            return root == null || root.index() != args.length - 1 ? null : new PlainOpen(root.command());
        }

        int run() {
            nameLogFolder(root);
            // what the parser's path starts for OpenCommand (logging, and not Tablesaw: see its StartNeeds)
            org.slf4j.LoggerFactory.getILoggerFactory();
            io.pipewright.ui.shell.DesktopLauncher.launch(root.home(), null, List.of());
            return OK;
        }
    }

    /** The root's options in their plain forms ({@code --home DIR}, {@code --home=DIR}, {@code --verbose}) up to {@code command}. */
    private record PlainOptions(PipewrightCommand command, int index) {
        static PlainOptions read(String[] args, String command, Map<String, String> environment) {
            java.nio.file.Path home = null;
            boolean verbose = false;
            int i = 0;
            for (; i < args.length && !args[i].equals(command); i++) {
                String value;
                if (args[i].equals("--verbose")) {
                    verbose = true;
                    continue;
                } else if (args[i].equals("--home") && i + 1 < args.length) {
                    value = args[++i];
                } else if (args[i].startsWith("--home=")) {
                    value = args[i].substring("--home=".length());
                } else {
                    return null;
                }
                home = value.startsWith("-") ? null : homePath(value);
                if (home == null) {
                    return null;
                }
            }
            return i < args.length ? new PlainOptions(new PipewrightCommand(environment, home, verbose), i) : null;
        }

        private static java.nio.file.Path homePath(String text) {
            try {
                return text.isEmpty() ? null : java.nio.file.Path.of(text);
            } catch (java.nio.file.InvalidPathException e) {
                return null; // the parser says what is wrong with it
            }
        }
    }

    /** The log file's folder, the home's: it must be known before the first logger is created. */
    private static void nameLogFolder(PipewrightCommand root) {
        System.setProperty(io.pipewright.home.LogConfiguration.FOLDER_PROPERTY, root.home().logs().toString());
    }

    /** Commands that open the store as soon as their command line is read, and are short enough for H2's start to matter. */
    private static final java.util.Set<String> STORE_FIRST = java.util.Set.of("info", "runs", "models", "datasets");

    /** Whether the store is the embedded one: no {@code --store} option and no {@code PIPEWRIGHT_STORE}. */
    private static boolean embeddedStore(String[] args, Map<String, String> environment) {
        String shared = environment.get("PIPEWRIGHT_STORE");
        return (shared == null || shared.isBlank())
                && java.util.Arrays.stream(args).noneMatch(arg -> arg.equals("--store") || arg.startsWith("--store="));
    }

    /** What a command that declares nothing needs: logging and Tablesaw, both started before it runs. */
    private static final StartNeeds ALL_NEEDS = new StartNeeds() { };

    /**
     * The command line with every subcommand, or with only {@code only} (a subcommand's name): what the given
     * words can reach is the same, and a process that runs one command builds one command's model.
     */
    static CommandLine commandLine(PipewrightCommand root, String only) {
        return commandLine(root, NAMES, only);
    }

    private static CommandLine commandLine(PipewrightCommand root, Map<String, String> names, String only) {
        var commandLine = new CommandLine(root);
        for (var entry : names.entrySet()) {
            if (only == null || only.equals(entry.getKey())) {
                commandLine.addSubcommand(entry.getKey(), commandClass(entry.getValue()));
            }
        }
        return commandLine;
    }

    private static Class<?> commandClass(String name) {
        try {
            return Class.forName(name, false, Cli.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the command class " + name + " is not in this distribution", e);
        }
    }

    /** Every subcommand of {@code pipewright}, with all of theirs: what --help and the documentation list. */
    static CommandLine fullCommandLine(Map<String, String> environment) {
        return commandLine(new PipewrightCommand(environment), null);
    }

    /**
     * The subcommand the words name after the global options, or null (none, an unknown one, or --help or
     * --version first): then every subcommand is added, so the parser's answer names them all.
     */
    static String requested(String[] args) {
        return requested(args, NAMES);
    }

    private static String requested(String[] args, Map<String, String> names) {
        int i = commandIndex(args);
        return i >= 0 && i < args.length && names.containsKey(args[i]) ? args[i] : null;
    }

    private static boolean versionOnly(String[] args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /** Where the words after the global options begin, or -1 when another option comes first (--help, --version, a mistake). */
    private static int commandIndex(String[] args) {
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            String option = args[i];
            if (option.equals("--home") || option.equals("--store") || option.equals("--data")) {
                i += 2;
            } else if (option.startsWith("--home=") || option.startsWith("--store=") || option.startsWith("--data=") || option.equals("--verbose")) {
                i += 1;
            } else {
                return -1;
            }
        }
        return Math.min(i, args.length);
    }

    /**
     * No arguments, or only files to open (as a file manager passes them), mean the desktop app.
     */
    static String[] withDefaultCommand(String[] args, java.util.Set<String> subcommands) {
        int i = commandIndex(args);
        if (i < 0) {
            return args; // --help, --version or a mistake: the parser answers
        }
        if (i >= args.length || (!subcommands.contains(args[i]) && new File(args[i]).isFile())) {
            var list = new ArrayList<>(Arrays.asList(args));
            list.add(i, "open");
            return list.toArray(String[]::new);
        }
        return args;
    }

    private static int badUsage(ParameterException exception, String[] args) {
        PrintWriter err = exception.getCommandLine().getErr();
        String name = exception.getCommandLine().getCommandSpec().qualifiedName();
        err.println("pipewright: " + oneLine(exception.getMessage()) + " (see '" + name + " --help')");
        return BAD_INPUT;
    }

    private static int failure(Exception exception, PipewrightCommand root, PrintWriter err) {
        if (root.verbose()) {
            exception.printStackTrace(err);
        }
        int code = exception instanceof DatasetException || exception instanceof IllegalArgumentException
                || exception instanceof PipelineException ? BAD_INPUT : FAILED;
        String message = exception instanceof StoreException || exception instanceof DatasetException || exception instanceof PipelineException
                || exception instanceof UncheckedIOException || exception instanceof IllegalArgumentException
                ? exception.getMessage()
                : exception.getClass().getSimpleName() + ": " + exception.getMessage() + " (run with --verbose for details)";
        err.println("pipewright: " + oneLine(message));
        // the person reads one line; the log file keeps the cause and the stack for a bug report
        org.slf4j.LoggerFactory.getLogger(Cli.class).info("command failed: {}", oneLine(message), exception);
        return code;
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        List<String> lines = message.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        return lines.isEmpty() ? "unknown error" : String.join(" ", lines);
    }
}
