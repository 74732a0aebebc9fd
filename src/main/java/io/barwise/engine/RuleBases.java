package io.barwise.engine;

import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.model.Model;
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

    static Model builtInModel() {
        try (InputStream in = RuleBases.class.getClassLoader().getResourceAsStream(MODEL_INDEX)) {
            if (in == null) throw new IllegalStateException(MODEL_INDEX + " is missing: the build did not generate the rule model");
            String name = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("Drools-Model-Version")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(MODEL_INDEX + " names no model class"));
            return (Model) Class.forName(name, true, RuleBases.class.getClassLoader()).getDeclaredConstructor().newInstance();
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the built-in rule model", e);
        }
    }

    /** A new rule base: the built-in rules plus the user's DRL files, which may match the same facts. */
    static KieBase withUserRules(List<Path> drlFiles) {
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
        InternalKnowledgeBase base = KieBaseBuilder.createKieBaseFromModel(builtInModel());
        base.addPackages(builder.getKnowledgePackages().stream().map(InternalKnowledgePackage.class::cast).toList());
        return base;
    }
}
