package io.pipewright.data;

/** A dataset could not be read; the message names the file and, where known, the line. */
public final class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A failure that is not the file's fault, in words: "could not read NAME: what went wrong". The
     * failure itself stays the cause (for the log): its own message may be only a class name, as a
     * {@link NoClassDefFoundError}'s is.
     */
    public static DatasetException unexpected(String name, Throwable failure) {
        return new DatasetException("could not read " + name + ": " + whatWentWrong(failure), failure);
    }

    /** What went wrong, for a person: never a bare class name. */
    public static String whatWentWrong(Throwable failure) {
        Throwable shown = failure;
        // wrappers say nothing of their own: an initializer's failure, a pool's, or new RuntimeException(cause)
        while (shown.getCause() != null && (shown instanceof ExceptionInInitializerError || shown instanceof java.util.concurrent.ExecutionException
                || shown instanceof java.util.concurrent.CompletionException || String.valueOf(shown.getCause()).equals(shown.getMessage()))) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null ? "" : shown.getMessage().lines().findFirst().orElse("").strip();
        if (shown instanceof NoClassDefFoundError || shown instanceof ClassNotFoundException) {
            return "a library it needs is missing from this installation or launch (class " + message.replace('/', '.') + " not found)";
        }
        if (shown instanceof LinkageError) {
            return "a library it needs does not fit this installation (" + shown.getClass().getSimpleName() + ": " + message + ")";
        }
        if (shown instanceof OutOfMemoryError) {
            return "not enough memory (start Pipewright with a larger -Xmx)";
        }
        if (shown instanceof StackOverflowError) {
            return "its structure is nested too deeply";
        }
        if (message.isEmpty()) {
            return "an unexpected error (" + shown.getClass().getSimpleName() + ")";
        }
        if (!message.contains(" ")) {
            // a message of one word is usually a class or a path, which says nothing alone
            return "an unexpected error (" + shown.getClass().getSimpleName() + ": " + message + ")";
        }
        return message;
    }
}
