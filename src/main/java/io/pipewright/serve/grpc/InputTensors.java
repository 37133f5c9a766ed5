package io.pipewright.serve.grpc;

import com.google.protobuf.ByteString;
import io.pipewright.serve.Predictor;
import io.pipewright.serve.grpc.proto.InferTensorContents;
import io.pipewright.serve.grpc.proto.ModelInferRequest;
import io.pipewright.train.ModelArtifact;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rows of feature → value from a ModelInfer request's input tensors, read as REST's {@code /v2/models/NAME/infer}
 * reads its JSON: one tensor per feature (by name, shape [rows] or [rows, 1]), or one row-major tensor of shape
 * [rows, features] in the order of the metadata's inputs. Values come typed ({@code contents}, in the field of the
 * tensor's datatype) or as {@code raw_input_contents} (little-endian, row-major; BYTES elements each after a 4-byte
 * length). Every mistake is a {@link Predictor.InvalidInput} naming the tensor; the schema check of the features
 * themselves is {@link Predictor#prepare}'s, as for REST.
 */
final class InputTensors {
    /** Each datatype and the field of InferTensorContents that carries it (FP16 has none: raw only). */
    private static final Map<String, String> FIELDS = Map.ofEntries(Map.entry("BOOL", "bool_contents"), Map.entry("INT8", "int_contents"),
            Map.entry("INT16", "int_contents"), Map.entry("INT32", "int_contents"), Map.entry("INT64", "int64_contents"),
            Map.entry("UINT8", "uint_contents"), Map.entry("UINT16", "uint_contents"), Map.entry("UINT32", "uint_contents"),
            Map.entry("UINT64", "uint64_contents"), Map.entry("FP16", "raw_input_contents"), Map.entry("FP32", "fp32_contents"),
            Map.entry("FP64", "fp64_contents"), Map.entry("BYTES", "bytes_contents"));
    private static final String DATATYPES = "BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP16, FP32, FP64, BYTES";

    private InputTensors() {
    }

    static List<Map<String, Object>> records(ModelInferRequest request, List<ModelArtifact.Input> features) {
        List<ModelInferRequest.InferInputTensor> inputs = request.getInputsList();
        if (inputs.isEmpty()) {
            throw new Predictor.InvalidInput("inputs: expected one tensor per feature, or one [rows, features] tensor of every feature");
        }
        List<ByteString> raw = request.getRawInputContentsList();
        if (!raw.isEmpty() && raw.size() != inputs.size()) {
            throw new Predictor.InvalidInput("raw_input_contents: " + raw.size() + " entries for " + inputs.size()
                    + " inputs; give one per input, in the order of inputs");
        }
        var values = new ArrayList<Object[]>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            ModelInferRequest.InferInputTensor tensor = inputs.get(i);
            if (tensor.getName().isEmpty()) {
                throw new Predictor.InvalidInput("inputs[" + i + "]: every input needs a name");
            }
            if (!raw.isEmpty() && tensor.hasContents()) {
                throw new Predictor.InvalidInput(tensor.getName() + ": contents and raw_input_contents cannot both be given");
            }
            Object[] elements = raw.isEmpty() ? typed(tensor) : raw(tensor, raw.get(i));
            long expected = elements(tensor);
            if (elements.length != expected) {
                throw new Predictor.InvalidInput(tensor.getName() + ": shape " + shape(tensor) + " needs " + expected + " values, not " + elements.length);
            }
            values.add(elements);
        }
        ModelInferRequest.InferInputTensor first = inputs.get(0);
        if (inputs.size() == 1 && first.getShapeCount() == 2 && first.getShape(1) == features.size() && features.size() > 1) {
            return rowMajor(first, values.get(0), features);
        }
        return perFeature(inputs, values);
    }

    /** One [rows, features] tensor: row r's features are elements r*F .. r*F+F-1, in the order of the model's inputs. */
    private static List<Map<String, Object>> rowMajor(ModelInferRequest.InferInputTensor tensor, Object[] values, List<ModelArtifact.Input> features) {
        int rows = (int) tensor.getShape(0);
        var records = new ArrayList<Map<String, Object>>(rows);
        for (int r = 0; r < rows; r++) {
            var record = new LinkedHashMap<String, Object>();
            for (int f = 0; f < features.size(); f++) {
                record.put(features.get(f).name(), values[r * features.size() + f]);
            }
            records.add(record);
        }
        return records;
    }

    private static List<Map<String, Object>> perFeature(List<ModelInferRequest.InferInputTensor> inputs, List<Object[]> values) {
        int rows = -1;
        var columns = new LinkedHashMap<String, Object[]>();
        for (int i = 0; i < inputs.size(); i++) {
            ModelInferRequest.InferInputTensor tensor = inputs.get(i);
            String name = tensor.getName();
            if (tensor.getShapeCount() == 0 || tensor.getShapeCount() > 2 || tensor.getShapeCount() == 2 && tensor.getShape(1) != 1) {
                throw new Predictor.InvalidInput(name + ": shape " + shape(tensor) + ": a feature's tensor is [rows] or [rows, 1] "
                        + "(or send one [rows, features] tensor of every feature)");
            }
            if (columns.containsKey(name)) {
                throw new Predictor.InvalidInput(name + ": given twice");
            }
            Object[] column = values.get(i);
            if (rows >= 0 && column.length != rows) {
                throw new Predictor.InvalidInput(name + ": " + column.length + " values, but the other inputs have " + rows);
            }
            rows = column.length;
            columns.put(name, column);
        }
        var records = new ArrayList<Map<String, Object>>(rows);
        for (int r = 0; r < rows; r++) {
            var record = new LinkedHashMap<String, Object>();
            for (var column : columns.entrySet()) {
                record.put(column.getKey(), column.getValue()[r]);
            }
            records.add(record);
        }
        return records;
    }

    /** The number of elements the shape holds (each dimension at least 0). */
    private static long elements(ModelInferRequest.InferInputTensor tensor) {
        if (tensor.getShapeCount() == 0) {
            throw new Predictor.InvalidInput(tensor.getName() + ": shape is required ([rows] for a feature's tensor)");
        }
        long count = 1;
        for (long dimension : tensor.getShapeList()) {
            if (dimension < 0) {
                throw new Predictor.InvalidInput(tensor.getName() + ": shape " + shape(tensor) + " has a negative dimension");
            }
            count = dimension == 0 ? 0 : count > Integer.MAX_VALUE / dimension ? Integer.MAX_VALUE + 1L : count * dimension;
        }
        return count;
    }

    static String shape(ModelInferRequest.InferInputTensor tensor) {
        return tensor.getShapeList().stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    /** The field of InferTensorContents a datatype's values belong in; refuses a datatype the protocol does not have. */
    private static String field(ModelInferRequest.InferInputTensor tensor) {
        String datatype = tensor.getDatatype();
        if (datatype.isEmpty()) {
            throw new Predictor.InvalidInput(tensor.getName() + ": datatype is required (one of " + DATATYPES + ")");
        }
        String field = FIELDS.get(datatype);
        if (field == null) {
            throw new Predictor.InvalidInput(tensor.getName() + ": datatype '" + datatype + "' is not one of " + DATATYPES);
        }
        return field;
    }

    /** The values of {@code contents}, after checking that they are in the field of the datatype and only there. */
    private static Object[] typed(ModelInferRequest.InferInputTensor tensor) {
        String name = tensor.getName();
        String datatype = tensor.getDatatype();
        String field = field(tensor);
        InferTensorContents contents = tensor.getContents();
        var filled = new LinkedHashMap<String, Integer>();
        filled.put("bool_contents", contents.getBoolContentsCount());
        filled.put("int_contents", contents.getIntContentsCount());
        filled.put("int64_contents", contents.getInt64ContentsCount());
        filled.put("uint_contents", contents.getUintContentsCount());
        filled.put("uint64_contents", contents.getUint64ContentsCount());
        filled.put("fp32_contents", contents.getFp32ContentsCount());
        filled.put("fp64_contents", contents.getFp64ContentsCount());
        filled.put("bytes_contents", contents.getBytesContentsCount());
        for (var entry : filled.entrySet()) {
            if (entry.getValue() > 0 && !entry.getKey().equals(field)) {
                throw new Predictor.InvalidInput(name + ": datatype " + datatype + " carries its values in " + field + ", not " + entry.getKey());
            }
        }
        return switch (datatype) {
            case "BOOL" -> contents.getBoolContentsList().toArray();
            case "INT8", "INT16", "INT32" -> contents.getIntContentsList().stream().map(value -> (Object) ranged(name, datatype, value)).toArray();
            case "INT64" -> contents.getInt64ContentsList().toArray();
            case "UINT8", "UINT16", "UINT32" -> contents.getUintContentsList().stream()
                    .map(value -> (Object) ranged(name, datatype, Integer.toUnsignedLong(value))).toArray();
            case "UINT64" -> contents.getUint64ContentsList().stream().map(InputTensors::unsigned).toArray();
            case "FP32" -> contents.getFp32ContentsList().stream().map(value -> (Object) value.doubleValue()).toArray();
            case "FP64" -> contents.getFp64ContentsList().toArray();
            case "BYTES" -> {
                var texts = new Object[contents.getBytesContentsCount()];
                for (int i = 0; i < texts.length; i++) {
                    texts[i] = text(name, i, contents.getBytesContents(i));
                }
                yield texts;
            }
            default -> throw new Predictor.InvalidInput(name + ": datatype FP16 has no typed contents; send it as raw_input_contents");
        };
    }

    /** The elements of one raw_input_contents entry: fixed-width little-endian numbers, or length-prefixed BYTES. */
    private static Object[] raw(ModelInferRequest.InferInputTensor tensor, ByteString bytes) {
        String name = tensor.getName();
        String datatype = tensor.getDatatype();
        field(tensor);
        ByteBuffer buffer = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (datatype.equals("BYTES")) {
            var texts = new ArrayList<Object>();
            while (buffer.hasRemaining()) {
                if (buffer.remaining() < 4) {
                    throw new Predictor.InvalidInput(name + ": raw_input_contents ends inside the 4-byte length of element " + texts.size());
                }
                long length = Integer.toUnsignedLong(buffer.getInt());
                if (length > buffer.remaining()) {
                    throw new Predictor.InvalidInput(name + ": raw_input_contents element " + texts.size() + " says " + length + " bytes, but "
                            + buffer.remaining() + " remain");
                }
                int start = bytes.size() - buffer.remaining();
                texts.add(text(name, texts.size(), bytes.substring(start, start + (int) length)));
                buffer.position(buffer.position() + (int) length);
            }
            return texts.toArray();
        }
        int width = switch (datatype) {
            case "BOOL", "INT8", "UINT8" -> 1;
            case "INT16", "UINT16", "FP16" -> 2;
            case "INT32", "UINT32", "FP32" -> 4;
            default -> 8;
        };
        if (bytes.size() % width != 0) {
            throw new Predictor.InvalidInput(name + ": raw_input_contents has " + bytes.size() + " bytes, not a whole number of " + width + "-byte "
                    + datatype + " elements");
        }
        var values = new Object[bytes.size() / width];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (datatype) {
                case "BOOL" -> buffer.get() != 0;
                case "INT8" -> (int) buffer.get();
                case "UINT8" -> Byte.toUnsignedInt(buffer.get());
                case "INT16" -> (int) buffer.getShort();
                case "UINT16" -> Short.toUnsignedInt(buffer.getShort());
                case "FP16" -> (double) halfToFloat(buffer.getShort());
                case "INT32" -> buffer.getInt();
                case "UINT32" -> Integer.toUnsignedLong(buffer.getInt());
                case "FP32" -> (double) buffer.getFloat();
                case "INT64" -> buffer.getLong();
                case "UINT64" -> unsigned(buffer.getLong());
                default -> buffer.getDouble();
            };
        }
        return values;
    }

    /** An INT8/INT16/UINT8/UINT16 value must fit its type (int_contents and uint_contents are 32-bit wide). */
    private static Number ranged(String name, String datatype, long value) {
        long min = switch (datatype) {
            case "INT8" -> Byte.MIN_VALUE;
            case "INT16" -> Short.MIN_VALUE;
            case "INT32" -> Integer.MIN_VALUE;
            default -> 0;
        };
        long max = switch (datatype) {
            case "INT8" -> Byte.MAX_VALUE;
            case "INT16" -> Short.MAX_VALUE;
            case "UINT8" -> 255;
            case "UINT16" -> 65_535;
            case "INT32" -> Integer.MAX_VALUE;
            default -> 4_294_967_295L;
        };
        if (value < min || value > max) {
            throw new Predictor.InvalidInput(name + ": " + value + " is out of range for " + datatype);
        }
        return datatype.startsWith("INT") ? (Number) (int) value : (Number) value;
    }

    private static Object unsigned(long value) {
        return value >= 0 ? (Object) value : new BigInteger(Long.toUnsignedString(value));
    }

    private static String text(String name, int index, ByteString bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes.asReadOnlyByteBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw new Predictor.InvalidInput(name + ": element " + index + " is not UTF-8 text");
        }
    }

    /** IEEE 754 half precision to float (Float.float16ToFloat is Java 20+). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
