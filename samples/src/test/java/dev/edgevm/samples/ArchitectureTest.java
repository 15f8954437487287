package dev.edgevm.samples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module and package rules of DESIGN.md, checked on the compiled main classes of every module. */
class ArchitectureTest {

    private static final List<String> SDK_MODULES = List.of("core", "kubevirt", "storage", "sriov");
    private static final List<String> ALL_MODULES = List.of("core", "kubevirt", "storage", "sriov", "embedded", "cli", "samples");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.edgevm");
    }

    @Test
    void noModuleUsesAnotherModulesInternals() {
        for (String module : ALL_MODULES) {
            for (String other : ALL_MODULES) {
                if (!other.equals(module)) {
                    noClasses().that().resideInAPackage("dev.edgevm." + module + "..")
                            .should().dependOnClassesThat().resideInAPackage("dev.edgevm." + other + "..internal..")
                            .check(classes);
                }
            }
        }
    }

    @Test
    void coreIsPlainJava_withoutAKubernetesClient() {
        noClasses().that().resideInAPackage("dev.edgevm.core..")
                .should().dependOnClassesThat().resideInAPackage("io.fabric8..").check(classes);
    }

    @Test
    void sdkModules_doNotDependOnTheEmbeddedCluster() {
        for (String module : SDK_MODULES) {
            noClasses().that().resideInAPackage("dev.edgevm." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.edgevm.embedded..").check(classes);
        }
    }

    @Test
    void theEmbeddedCluster_dependsOnNoSdkModule() {
        for (String module : SDK_MODULES) {
            noClasses().that().resideInAPackage("dev.edgevm.embedded..")
                    .should().dependOnClassesThat().resideInAPackage("dev.edgevm." + module + "..").check(classes);
        }
    }

    @Test
    void thereAreNoUtilPackages() {
        noClasses().should().resideInAnyPackage("..util..", "..utils..").check(classes);
    }

    @Test
    void publicClasses_areFinalOrMeantToBeExtended() {
        classes().that().arePublic().and().areTopLevelClasses().and().areNotInterfaces().and().areNotEnums()
                .and().areNotRecords().and().areNotAnnotations()
                .and().resideOutsideOfPackage("..internal..")
                .should(beFinalOrAnExtendedBaseOrASpec())
                .check(classes);
    }

    @Test
    void publicSdkMethods_declareNoCheckedExceptions() {
        for (String module : SDK_MODULES) {
            methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
                    .and().areDeclaredInClassesThat().resideInAPackage("dev.edgevm." + module + "..")
                    .and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                    .should(declareNoCheckedExceptions())
                    .check(classes);
        }
    }

    @Test
    void optional_isNeverAField() {
        fields().that().areDeclaredInClassesThat(DescribedPredicate.describe("written by hand",
                        (JavaClass c) -> !c.getSimpleName().startsWith("Immutable")))
                .should().notHaveRawType(Optional.class).check(classes);
    }

    private static ArchCondition<JavaClass> beFinalOrAnExtendedBaseOrASpec() {
        return new ArchCondition<>("be final, an abstract Immutables spec, or a base class extended in the SDK") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                boolean ok = c.getModifiers().contains(JavaModifier.FINAL)
                        || !c.getSubclasses().isEmpty()
                        || c.isAnnotatedWith("dev.edgevm.core.EdgeVmStyle");
                events.add(new SimpleConditionEvent(c, ok, c.getName() + " is neither final, extended, nor a spec"));
            }
        };
    }

    private static ArchCondition<com.tngtech.archunit.core.domain.JavaMethod> declareNoCheckedExceptions() {
        return new ArchCondition<>("declare no checked exceptions") {
            @Override
            public void check(com.tngtech.archunit.core.domain.JavaMethod m, ConditionEvents events) {
                boolean checked = m.getExceptionTypes().stream().anyMatch(t -> t.isAssignableTo(Exception.class)
                        && !t.isAssignableTo(RuntimeException.class));
                events.add(new SimpleConditionEvent(m, !checked, m.getFullName() + " declares a checked exception"));
            }
        };
    }
}
