package io.pipewright.train;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.util.Map;

/**
 * Reads a Java-serialized model payload (Smile's models) without trusting it. Only allow-listed
 * classes are read, and every claim the stream makes is bounded before anything is allocated for it:
 * objects nest at most {@link #MAX_DEPTH} deep; an array's length, the number of object references
 * and the bytes read are each at most the payload's length (every array element and every reference
 * costs at least one byte of the stream, so a larger claim is a lie that would only allocate memory).
 *
 * <p>A map's keys must be plain values (text, numbers, booleans, enum constants): a map read back
 * hashes its keys, and maps used as keys of maps, shared at every level, make that hashing take
 * 2<sup>levels</sup> steps (a 1 KB payload of 40 levels never finishes). Each map is checked as soon
 * as it is read, before the map holding it hashes it, so such a payload is refused after a few steps.
 * No model Pipewright writes has any other kind of key.
 */
final class PayloadObjects {
    /** Deepest nesting of objects; a tree of depth d nests about d + 10 deep in Smile's form. */
    static final int MAX_DEPTH = 200;

    /** Classes a model's payload may hold; anything else stops the read. */
    private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
            "io.pipewright.train.SmileAlgorithms$Standardizer;io.pipewright.train.SmileAlgorithms$LogisticPayload;smile.**;java.lang.Number;"
                    + "java.lang.Integer;java.lang.Long;java.lang.Double;java.lang.Float;java.lang.Boolean;java.lang.String;java.lang.Enum;"
                    + "java.util.ArrayList;java.util.HashMap;java.util.LinkedHashMap;java.util.Arrays$ArrayList;java.util.Collections$*;"
                    + "java.util.Map$Entry;java.util.Optional;java.util.Properties;java.util.Hashtable;java.util.BitSet;!*");

    private PayloadObjects() {
    }

    /**
     * The object in the payload; an {@link IllegalArgumentException} saying what was refused (the
     * class, or the limit) when the payload breaks a rule, or why it cannot be read.
     */
    static Object read(byte[] payload) {
        var filter = new Limits(payload.length);
        try (var objects = new Checked(payload, filter)) {
            return objects.readObject();
        } catch (java.io.InvalidClassException | InvalidObjectException e) {
            if (filter.refusal != null) {
                throw new IllegalArgumentException("the model payload " + filter.refusal + "; it was not loaded", e);
            }
            throw new IllegalArgumentException("the model payload cannot be read: " + e.getMessage(), e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new IllegalArgumentException("the model payload cannot be read (damaged, or not written by this Pipewright): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    /** The allow-list and the limits; remembers, in words, what it refused first. */
    private static final class Limits implements ObjectInputFilter {
        private final long length;
        String refusal;

        Limits(long length) {
            this.length = length;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            String problem = null;
            Class<?> type = info.serialClass();
            if (info.depth() > MAX_DEPTH) {
                problem = "nests objects more than " + MAX_DEPTH + " levels deep" + at(type);
            } else if (info.streamBytes() > length) {
                problem = "reads past its own " + length + " bytes";
            } else if (info.references() > length) {
                problem = "has more object references (" + info.references() + ") than its " + length + " bytes can hold";
            } else if (info.arrayLength() > length - info.streamBytes()) {
                problem = "declares " + (type == null ? "an array" : "a " + type.getComponentType().getTypeName() + " array") + " of "
                        + info.arrayLength() + " elements, more than the " + (length - info.streamBytes()) + " bytes left can hold";
            } else if (type != null && ALLOWED.checkInput(info) == Status.REJECTED) {
                problem = "holds a " + name(type) + ", which a model may not contain";
            }
            if (problem == null) {
                return Status.UNDECIDED;
            }
            if (refusal == null) {
                refusal = problem;
            }
            return Status.REJECTED;
        }

        private static String at(Class<?> type) {
            return type == null ? "" : " (at a " + name(type) + ")";
        }
    }

    private static String name(Class<?> type) {
        return type.getTypeName();
    }

    /** The stream that checks each map as it is read, before anything hashes it. */
    private static final class Checked extends ObjectInputStream {
        private final Limits limits;

        Checked(byte[] payload, Limits limits) throws IOException {
            super(new ByteArrayInputStream(payload));
            this.limits = limits;
            setObjectInputFilter(limits);
            enableResolveObject(true);
        }

        @Override
        protected Object resolveObject(Object object) throws IOException {
            if (object instanceof Map<?, ?> map) {
                for (Object key : map.keySet()) {
                    if (!(key == null || key instanceof String || key instanceof Number || key instanceof Boolean || key instanceof Character
                            || key instanceof Enum<?>)) {
                        if (limits.refusal == null) {
                            limits.refusal = "uses a " + name(key.getClass()) + " as the key of a " + name(object.getClass())
                                    + ", which no model does (a payload built to hang the reader)";
                        }
                        throw new InvalidObjectException(limits.refusal);
                    }
                }
            }
            return object;
        }
    }
}
