package io.pipewright.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Finds the login a database source names: first the environment ({@code PIPEWRIGHT_DB_SHOP_USER} and
 * {@code PIPEWRIGHT_DB_SHOP_PASSWORD} for credentials {@code shop}), then the home's
 * {@code secrets.properties} ({@code shop.user}, {@code shop.password}). Only the name is ever written
 * down (in a pipeline file, a run's parameters); the login is read where the source is opened.
 */
public final class DatabaseCredentials {
    private final Map<String, String> environment;
    private final Path secretsFile;

    public DatabaseCredentials(Map<String, String> environment, Path secretsFile) {
        this.environment = Map.copyOf(environment);
        this.secretsFile = secretsFile;
    }

    /** The credentials of this process: its environment, and the secrets file of the home it names ($PIPEWRIGHT_HOME, else ~/.pipewright). */
    public static DatabaseCredentials ofProcess() {
        Map<String, String> environment = System.getenv();
        return new DatabaseCredentials(environment, io.pipewright.home.PipewrightHome.resolve(null, environment).secretsFile());
    }

    /** A login; its text never shows the password. */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[user=" + user + ", password=" + (password == null ? "none" : "…") + "]";
        }
    }

    /** The environment variables named for credentials {@code name}: PIPEWRIGHT_DB_NAME_USER and …_PASSWORD. */
    public static String variable(String name, String part) {
        return "PIPEWRIGHT_DB_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + part;
    }

    /** The login of credentials {@code name}; a missing or unreadable login is a one-line {@link DatasetException} saying where it was looked for. */
    public Login login(String name) {
        String user = environment.get(variable(name, "USER"));
        if (user != null) {
            return new Login(user, environment.get(variable(name, "PASSWORD")));
        }
        if (secretsFile != null && Files.isRegularFile(secretsFile)) {
            var secrets = new Properties();
            try (Reader in = Files.newBufferedReader(secretsFile, StandardCharsets.UTF_8)) {
                secrets.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new DatasetException(secretsFile + ": cannot read the credentials in it: " + DatasetException.whatWentWrong(e), e);
            }
            String fromFile = secrets.getProperty(name + ".user");
            if (fromFile != null) {
                return new Login(fromFile.strip(), secrets.getProperty(name + ".password"));
            }
        }
        throw new DatasetException("credentials " + name + ": no login found: set " + variable(name, "USER") + " and " + variable(name, "PASSWORD")
                + (secretsFile == null ? "" : ", or " + name + ".user and " + name + ".password in " + secretsFile));
    }
}
