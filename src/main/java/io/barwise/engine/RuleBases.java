package io.barwise.engine;

import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.model.EntryPoint;
import org.drools.model.Global;
import org.drools.model.Model;
import org.drools.model.Query;
import org.drools.model.Rule;
import org.drools.model.TypeMetaData;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * Where rule bases come from. The built-in rules are the executable model that kie-maven-plugin
 * generated at build time; it is instantiated directly (no KieContainer, no kmodule.xml parsing,
 * no classpath scan), which is what keeps a CLI run short. User DRL is compiled at run time.
 */
final class RuleBases {
    private RuleBases() {}

    /** Written by kie-maven-plugin: the generated model's class name, under the project's groupId/artifactId. */
    private static final String MODEL_INDEX = "META-INF/kie/io.barwise/barwise/drools-model";

    private static final class Holder {
        static final KieBase BUILT_IN = KieBaseBuilder.createKieBaseFromModel(builtInModel());
    }

    static KieBase builtIn() { return Holder.BUILT_IN; }

    /**
     * The generated model with its rules sorted by name. Drools fires rules of equal salience in
     * the order the rule base lists them, and the generated model lists them in whatever order the
     * build happened to find the DRL files; sorted, the tie-break is documented and stable: equal
     * salience fires in rule-name order (see docs/performance.md).
     */
    static Model builtInModel() {
        Model generated;
        try {
            generated = (Model) Class.forName(builtInModelClass(), true, RuleBases.class.getClassLoader()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the built-in rule model", e);
        }
        return new RulesByName(generated);
    }

    /** A model that lists its rules sorted by name, and is otherwise the generated one. */
    private record RulesByName(Model model) implements Model {
        @Override public String getName() { return model.getName(); }
        @Override public String getPackageName() { return model.getPackageName(); }
        @Override public List<Global> getGlobals() { return model.getGlobals(); }
        @Override public List<Rule> getRules() {
            return model.getRules().stream().sorted(Comparator.comparing(Rule::getName)).toList();
        }
        @Override public List<Query> getQueries() { return model.getQueries(); }
        @Override public List<TypeMetaData> getTypeMetaDatas() { return model.getTypeMetaDatas(); }
        @Override public List<EntryPoint> getEntryPoints() { return model.getEntryPoints(); }
    }

    /** The generated model's class name; its hash suffix changes whenever the built-in rules do. */
    static String builtInModelClass() {
        try (InputStream in = RuleBases.class.getClassLoader().getResourceAsStream(MODEL_INDEX)) {
            if (in == null) throw new IllegalStateException(MODEL_INDEX + " is missing: the build did not generate the rule model");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("Drools-Model-Version")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(MODEL_INDEX + " names no model class"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + MODEL_INDEX, e);
        }
    }

    /**
     * A new rule base: the built-in rules plus the user's DRL files, which may match the same facts.
     * Compiled packages are cached by content (see {@link CompiledRuleCache}), so a second run with
     * the same files skips the DRL compiler.
     */
    static KieBase withUserRules(List<Path> drlFiles) {
        CompiledRuleCache cache = CompiledRuleCache.forFiles(drlFiles, builtInModelClass());
        List<InternalKnowledgePackage> packages = cache.load();
        if (packages == null) {
            packages = compile(drlFiles);
            cache.store(packages);
        }
        InternalKnowledgeBase base = KieBaseBuilder.createKieBaseFromModel(builtInModel());
        base.addPackages(packages);
        return base;
    }

    private static List<InternalKnowledgePackage> compile(List<Path> drlFiles) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        for (Path p : drlFiles) {
            builder.add(ResourceFactory.newFileResource(p.toFile()), ResourceType.DRL);
            if (builder.hasErrors()) {
                KnowledgeBuilderError e = builder.getErrors().iterator().next();
                int line = e.getLines().length > 0 ? e.getLines()[0] : 0;
                throw new InvalidInputException("drl-compile", new SourceLocation(p.toString(), line, 0, ""),
                        e.getMessage().strip().replace('\n', ' '), "fix the DRL; rules may use the facts in io.barwise.rules");
            }
        }
        return builder.getKnowledgePackages().stream().map(InternalKnowledgePackage.class::cast).toList();
    }
}
