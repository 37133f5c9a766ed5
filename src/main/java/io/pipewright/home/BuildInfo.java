package io.pipewright.home;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The version of Pipewright and of the libraries it was built with, as recorded by the build. */
public final class BuildInfo {
    private static final String RESOURCE = "/io/pipewright/build.properties";

    private final Properties properties;

    private BuildInfo(Properties properties) {
        this.properties = properties;
    }

    public static BuildInfo load() {
        var properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildInfo(properties);
    }

    public String version() {
        return properties.getProperty("version", "development");
    }

    /** Java and the main libraries, in the order a person reading an About box expects. */
    public Map<String, String> components() {
        var components = new LinkedHashMap<String, String>();
        components.put("Pipewright", version());
        components.put("Java", Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")");
        components.put("H2 database", properties.getProperty("h2", "?"));
        components.put("Flyway", properties.getProperty("flyway", "?"));
        components.put("Jackson", properties.getProperty("jackson", "?"));
        components.put("picocli", properties.getProperty("picocli", "?"));
        components.put("SLF4J", properties.getProperty("slf4j", "?"));
        components.put("Logback", properties.getProperty("logback", "?"));
        return components;
    }

    /** Versions of the desktop libraries, only meaningful to the GUI. */
    public String property(String key) {
        return properties.getProperty(key, "?");
    }
}
