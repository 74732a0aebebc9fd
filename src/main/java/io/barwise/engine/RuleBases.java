package io.barwise.engine;

import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.core.impl.InternalRuleBase;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieContainer;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/** Where rule bases come from: the built-in executable model on the classpath, plus user DRL compiled at run time. */
final class RuleBases {
    private RuleBases() {}

    private static final class Holder {
        static final KieContainer CONTAINER = KieServices.get().getKieClasspathContainer(RuleBases.class.getClassLoader());
        static final KieBase BUILT_IN = CONTAINER.getKieBase("barwise");
    }

    static KieBase builtIn() { return Holder.BUILT_IN; }

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
        KieBase base = Holder.CONTAINER.newKieBase("barwise", null);
        ((InternalRuleBase) base).addPackages(builder.getKnowledgePackages().stream()
                .map(InternalKnowledgePackage.class::cast).toList());
        return base;
    }
}
