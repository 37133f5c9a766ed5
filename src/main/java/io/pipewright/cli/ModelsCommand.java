package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "models", description = "The model registry: registered models, their versions and aliases.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.ShowModel.class, ModelsCommand.SetAlias.class, ModelsCommand.Promote.class,
            ModelsCommand.Rollback.class})
final class ModelsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
            .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES));

    @ParentCommand
    PipewrightCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Cli.OK;
    }

    <T> T withRegistry(java.util.function.Function<ModelRegistry, T> work) {
        try (Store store = root.openStore()) {
            return work.apply(new ModelRegistry(store, Clock.systemUTC()));
        }
    }

    static Map<String, Object> describe(ModelRegistry.Version version) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("version", version.version());
        entry.put("aliases", version.aliases());
        entry.put("run", version.runKey());
        entry.put("artifact", version.artifactPath());
        entry.put("sha256", version.sha256());
        entry.put("created", version.createdAt().toString());
        try {
            entry.put("metrics", version.metricsJson() == null ? Map.of() : JSON.readValue(version.metricsJson(), Map.class));
        } catch (IOException e) {
            entry.put("metrics", Map.of());
        }
        return entry;
    }

    static Map<String, Object> model(ModelRegistry registry, String name) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("name", name);
        var versions = new ArrayList<Map<String, Object>>();
        var aliases = new LinkedHashMap<String, Integer>();
        for (ModelRegistry.Version version : registry.versions(name)) {
            versions.add(describe(version));
            version.aliases().forEach(alias -> aliases.put(alias, version.version()));
        }
        entry.put("aliases", aliases);
        entry.put("versions", versions);
        return entry;
    }

    @Command(name = "list", description = "List the registered models with their versions and aliases.")
    static final class ListModels implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @Option(names = "--json", description = "Write them as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = parent.spec.commandLine().getOut();
            List<Map<String, Object>> models = parent.withRegistry(registry -> registry.names().stream().map(name -> model(registry, name)).toList());
            if (json) {
                out.println(JSON.writeValueAsString(models));
                return Cli.OK;
            }
            for (Map<String, Object> model : models) {
                out.printf("%s  %d version(s)  aliases %s%n", model.get("name"), ((List<?>) model.get("versions")).size(), model.get("aliases"));
            }
            return Cli.OK;
        }
    }

    @Command(name = "show", description = "Show a model's versions, or one version (NAME:VERSION, NAME@ALIAS), and its alias history.")
    static final class ShowModel implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @Parameters(paramLabel = "MODEL", description = "NAME, NAME:VERSION or NAME@ALIAS.")
        String reference;

        @Option(names = "--json", description = "Write it as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = parent.spec.commandLine().getOut();
            Map<String, Object> shown = parent.withRegistry(registry -> {
                boolean one = reference.contains(":") || reference.contains("@");
                String name = reference.split("[:@]", 2)[0];
                if (!registry.names().contains(name)) {
                    throw new IllegalArgumentException("no registered model '" + name + "'");
                }
                Map<String, Object> entry;
                if (one) {
                    var version = registry.find(reference).orElseThrow(() -> new IllegalArgumentException("no model version " + reference));
                    entry = new LinkedHashMap<>(describe(version));
                    entry.put("name", name);
                } else {
                    entry = model(registry, name);
                }
                var history = new ArrayList<Map<String, Object>>();
                registry.history(name, null).forEach(event -> {
                    var move = new LinkedHashMap<String, Object>();
                    move.put("alias", event.alias());
                    move.put("from", event.fromVersion());
                    move.put("to", event.toVersion());
                    move.put("action", event.action());
                    move.put("by", event.actor());
                    move.put("at", event.at().toString());
                    history.add(move);
                });
                entry.put("aliasHistory", history);
                return entry;
            });
            out.print(json ? JSON.writeValueAsString(shown) + System.lineSeparator() : YAML.writeValueAsString(shown));
            return Cli.OK;
        }
    }

    @Command(name = "alias", description = "Point ALIAS of model NAME at VERSION (recorded with who and when).")
    static final class SetAlias implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "ALIAS")
        String alias;

        @Parameters(index = "2", paramLabel = "VERSION")
        int version;

        @Override
        public Integer call() {
            var moved = parent.withRegistry(registry -> registry.setAlias(name, alias, version, "alias"));
            parent.spec.commandLine().getOut().printf("%s@%s → version %d%n", name, alias, moved.version());
            return Cli.OK;
        }
    }

    @Command(name = "promote", description = "Make VERSION of model NAME the champion (or --alias), recorded with who and when.")
    static final class Promote implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "VERSION")
        int version;

        @Option(names = "--alias", defaultValue = "champion", description = "The alias to move (default: ${DEFAULT-VALUE}).")
        String alias;

        @Override
        public Integer call() {
            var moved = parent.withRegistry(registry -> registry.setAlias(name, alias, version, "promote"));
            parent.spec.commandLine().getOut().printf("%s@%s → version %d%n", name, alias, moved.version());
            return Cli.OK;
        }
    }

    @Command(name = "rollback", description = "Point the champion (or --alias) of model NAME back at the version it named before.")
    static final class Rollback implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--alias", defaultValue = "champion", description = "The alias to move back (default: ${DEFAULT-VALUE}).")
        String alias;

        @Override
        public Integer call() {
            var moved = parent.withRegistry(registry -> registry.rollback(name, alias));
            parent.spec.commandLine().getOut().printf("%s@%s → version %d%n", name, alias, moved.version());
            return Cli.OK;
        }
    }
}
