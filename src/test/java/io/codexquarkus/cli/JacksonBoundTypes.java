package io.codexquarkus.cli;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LocalVariable;
import java.lang.classfile.instruction.LocalVariableType;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.lang.constant.ClassDesc;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds, from the compiled classes, the application types Jackson binds, so the native build's reflection list can
 * be checked without being written by hand. A type is bound when
 *
 * <ul>
 *   <li>it, or one of its members, carries a Jackson annotation, or it is a Jackson serializer/deserializer;
 *   <li>its class literal is handed to Jackson ({@code Json.read(text, X.class)}, {@code treeToValue(node, X.class)});
 *   <li>a value of that static type is handed to Jackson ({@code Json.write(x)}, {@code Json.tree(x)}, an {@code
 *       ObjectWriter}); the type is read from the instruction that produced the argument (a call's generic return
 *       type, a field, a local variable's debug entry, a cast or a constructor);
 *   <li>it is reachable from a bound type: record components and bean properties (with their type arguments), sealed
 *       subtypes, supertypes, classes named in Jackson annotations and creator parameters.
 * </ul>
 *
 * A value whose static type is {@code Object} at the Jackson call is invisible here; such a call site should cast or
 * bind a typed local, which also documents what it writes.
 */
final class JacksonBoundTypes {
    private static final String APP = "io/codexquarkus/";
    private static final Pattern APP_TYPE = Pattern.compile("L(io/codexquarkus/[\\w/$]+)");

    private final Map<String, ClassModel> models = new HashMap<>();
    private final SortedSet<String> bound = new TreeSet<>();
    private final Deque<String> pending = new ArrayDeque<>();

    private JacksonBoundTypes() {}

    /** Binary names ({@code a.b.Outer$Inner}) of every bound application class under {@code root}. */
    static SortedSet<String> under(Path root) throws IOException {
        JacksonBoundTypes scan = new JacksonBoundTypes();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                ClassModel model = ClassFile.of().parse(file);
                String name = model.thisClass().asInternalName();
                if (name.startsWith(APP)) {
                    scan.models.put(name, model);
                }
            }
        }
        for (String internal : scan.models.keySet()) {
            Class<?> type = load(internal);
            if (hasJackson(type) || isJacksonCodec(type)) {
                scan.add(internal);
            }
        }
        for (ClassModel model : scan.models.values()) {
            for (MethodModel method : model.methods()) {
                method.code().ifPresent(scan::scanCode);
            }
        }
        while (!scan.pending.isEmpty()) {
            scan.follow(load(scan.pending.pop()));
        }
        return scan.bound;
    }

    private void add(String internalName) {
        if (!models.containsKey(internalName) || internalName.contains("$$")) {
            return;
        }
        Class<?> type = load(internalName);
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return;
        }
        if (bound.add(type.getName())) {
            pending.push(internalName);
        }
    }

    private void addAll(String descriptorOrSignature) {
        Matcher m = APP_TYPE.matcher(descriptorOrSignature);
        while (m.find()) {
            add(m.group(1));
        }
    }

    private void addAll(Type type) {
        switch (type) {
            case Class<?> c when c.isArray() -> addAll(c.getComponentType());
            case Class<?> c -> add(c.getName().replace('.', '/'));
            case ParameterizedType p -> {
                addAll(p.getRawType());
                Arrays.stream(p.getActualTypeArguments()).forEach(this::addAll);
            }
            case WildcardType w -> {
                Arrays.stream(w.getUpperBounds()).forEach(this::addAll);
                Arrays.stream(w.getLowerBounds()).forEach(this::addAll);
            }
            case GenericArrayType g -> addAll(g.getGenericComponentType());
            default -> {}
        }
    }

    /** Roots from the byte code: class literals and typed values handed to Jackson. */
    private void scanCode(CodeModel code) {
        List<CodeElement> elements = code.elementList();
        Map<Label, Integer> positions = new HashMap<>();
        List<LocalVariable> locals = new ArrayList<>();
        List<LocalVariableType> genericLocals = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            switch (elements.get(i)) {
                case LabelTarget t -> positions.put(t.label(), i);
                case LocalVariable v -> locals.add(v);
                case LocalVariableType v -> genericLocals.add(v);
                default -> {}
            }
        }
        for (int i = 0; i < elements.size(); i++) {
            if (!(elements.get(i) instanceof InvokeInstruction call)
                    || !isJackson(call.owner().asInternalName())) {
                continue;
            }
            List<ClassDesc> params = call.typeSymbol().parameterList();
            if (params.stream().anyMatch(p -> p.descriptorString().equals("Ljava/lang/Class;"))) {
                classLiteralBefore(elements, i).ifPresent(this::addAll);
            }
            if (!params.isEmpty() && params.getLast().descriptorString().equals("Ljava/lang/Object;")) {
                producedType(elements, i - 1, positions, locals, genericLocals).ifPresent(this::addAll);
            }
        }
    }

    private static boolean isJackson(String owner) {
        return owner.equals("io/codexquarkus/common/Json") || owner.startsWith("com/fasterxml/jackson/databind/");
    }

    private static Optional<String> classLiteralBefore(List<CodeElement> elements, int call) {
        for (int i = call - 1; i >= Math.max(0, call - 4); i--) {
            if (elements.get(i) instanceof ConstantInstruction c && c.constantValue() instanceof ClassDesc d) {
                return Optional.of(d.descriptorString());
            }
        }
        return Optional.empty();
    }

    /** The static type (descriptor or generic signature) of the value the instruction at {@code at} leaves. */
    private Optional<String> producedType(
            List<CodeElement> elements,
            int at,
            Map<Label, Integer> positions,
            List<LocalVariable> locals,
            List<LocalVariableType> genericLocals) {
        if (at < 0) {
            return Optional.empty();
        }
        return switch (elements.get(at)) {
            case InvokeInstruction call
            when call.name().equalsString("<init>") ->
                Optional.of(call.owner().asSymbol().descriptorString());
            case InvokeInstruction call ->
                Optional.of(methodSignature(call)
                        .orElse(call.typeSymbol().returnType().descriptorString()));
            case FieldInstruction field
            when field.opcode() == Opcode.GETFIELD || field.opcode() == Opcode.GETSTATIC ->
                Optional.of(fieldSignature(field).orElse(field.typeSymbol().descriptorString()));
            case TypeCheckInstruction cast
            when cast.opcode() == Opcode.CHECKCAST ->
                Optional.of(cast.type().asSymbol().descriptorString());
            case LoadInstruction load -> {
                for (LocalVariableType v : genericLocals) {
                    if (v.slot() == load.slot() && inScope(at, v.startScope(), v.endScope(), positions)) {
                        yield Optional.of(v.signatureSymbol().signatureString());
                    }
                }
                for (LocalVariable v : locals) {
                    if (v.slot() == load.slot() && inScope(at, v.startScope(), v.endScope(), positions)) {
                        yield Optional.of(v.typeSymbol().descriptorString());
                    }
                }
                yield Optional.empty();
            }
            default -> Optional.empty();
        };
    }

    private static boolean inScope(int at, Label start, Label end, Map<Label, Integer> positions) {
        return positions.getOrDefault(start, Integer.MAX_VALUE) <= at && at < positions.getOrDefault(end, -1);
    }

    private Optional<String> methodSignature(InvokeInstruction call) {
        ClassModel owner = models.get(call.owner().asInternalName());
        if (owner == null) {
            return Optional.empty();
        }
        return owner.methods().stream()
                .filter(m ->
                        m.methodName().equals(call.name()) && m.methodType().equals(call.type()))
                .findFirst()
                .map(m -> m.findAttribute(Attributes.signature())
                        .map(s -> s.signature().stringValue())
                        .orElse(m.methodTypeSymbol().returnType().descriptorString()))
                // the part after ')' is the return type; parameters are not what the call leaves on the stack
                .map(s -> s.substring(s.lastIndexOf(')') + 1));
    }

    private Optional<String> fieldSignature(FieldInstruction field) {
        ClassModel owner = models.get(field.owner().asInternalName());
        if (owner == null) {
            return Optional.empty();
        }
        return owner.fields().stream()
                .filter(f -> f.fieldName().equals(field.name()))
                .findFirst()
                .flatMap(JacksonBoundTypes::signature);
    }

    private static Optional<String> signature(FieldModel field) {
        return field.findAttribute(Attributes.signature())
                .map(s -> s.signature().stringValue());
    }

    /** What Jackson reaches from a bound type. */
    private void follow(Class<?> type) {
        Optional.ofNullable(type.getSuperclass()).ifPresent(this::addAll);
        Arrays.stream(type.getInterfaces()).forEach(this::addAll);
        Optional.ofNullable(type.getPermittedSubclasses()).stream()
                .flatMap(Arrays::stream)
                .forEach(this::addAll);
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                addAll(component.getGenericType());
                namedInJackson(component);
            }
        } else if (!type.isEnum()) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())
                        && (Modifier.isPublic(field.getModifiers()) || hasJacksonOn(field))) {
                    addAll(field.getGenericType());
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                boolean getter = method.getParameterCount() == 0
                        && Modifier.isPublic(method.getModifiers())
                        && (method.getName().startsWith("get")
                                || method.getName().startsWith("is"));
                if (!Modifier.isStatic(method.getModifiers()) && (getter || hasJacksonOn(method))) {
                    addAll(method.getGenericReturnType());
                }
            }
        }
        namedInJackson(type);
        for (Field field : type.getDeclaredFields()) {
            namedInJackson(field);
        }
        for (Executable executable : executables(type)) {
            namedInJackson(executable);
            if (hasJacksonOn(executable)) {
                Arrays.stream(executable.getGenericParameterTypes()).forEach(this::addAll);
            }
            Arrays.stream(executable.getParameters()).forEach(this::namedInJackson);
        }
    }

    private static List<Executable> executables(Class<?> type) {
        List<Executable> all = new ArrayList<>(Arrays.asList(type.getDeclaredMethods()));
        all.addAll(Arrays.<Constructor<?>>asList(type.getDeclaredConstructors()));
        return all;
    }

    /** Classes a Jackson annotation names: serializers, subtypes, builders. */
    private void namedInJackson(AnnotatedElement element) {
        for (Annotation annotation : element.getDeclaredAnnotations()) {
            if (annotation.annotationType().getName().startsWith("com.fasterxml.jackson.")) {
                classesIn(annotation);
            }
        }
    }

    private void classesIn(Annotation annotation) {
        for (Method member : annotation.annotationType().getDeclaredMethods()) {
            Object value;
            try {
                value = member.invoke(annotation);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            // if-chain rather than a switch: the formatter cannot parse array type patterns
            if (value instanceof Class<?> c) {
                addAll(c);
            } else if (value instanceof Class<?>[] cs) {
                Arrays.stream(cs).forEach(this::addAll);
            } else if (value instanceof Annotation a) {
                classesIn(a);
            } else if (value instanceof Annotation[] as) {
                Arrays.stream(as).forEach(this::classesIn);
            }
        }
    }

    private static boolean hasJackson(Class<?> type) {
        if (hasJacksonOn(type)) {
            return true;
        }
        List<AnnotatedElement> members = new ArrayList<>();
        members.addAll(Arrays.asList(type.getDeclaredFields()));
        members.addAll(executables(type));
        if (type.isRecord()) {
            members.addAll(Arrays.asList(type.getRecordComponents()));
        }
        for (Executable executable : executables(type)) {
            members.addAll(Arrays.asList(executable.getParameters()));
        }
        return members.stream().anyMatch(JacksonBoundTypes::hasJacksonOn);
    }

    private static boolean hasJacksonOn(AnnotatedElement element) {
        return Arrays.stream(element.getDeclaredAnnotations())
                .anyMatch(a -> a.annotationType().getName().startsWith("com.fasterxml.jackson."));
    }

    private static boolean isJacksonCodec(Class<?> type) {
        if (Modifier.isAbstract(type.getModifiers())) {
            return false;
        }
        for (Class<?> c = type.getSuperclass(); c != null; c = c.getSuperclass()) {
            if (c.getName().startsWith("com.fasterxml.jackson.databind.")
                    && (c.getSimpleName().endsWith("Serializer")
                            || c.getSimpleName().endsWith("Deserializer")
                            || c.getSimpleName().equals("KeyDeserializer"))) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> load(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, JacksonBoundTypes.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
