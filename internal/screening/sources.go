package screening

// Sources of the rules. "§" refers to /work/shared/clinical-reference.md.
// "[2°]" marks a secondary copy. "Found by search" marks a source that is
// not in clinical-reference.md; check it before relying on it. Rules
// without any source say "not found" and are clinic policy defaults.
const (
	srcSpravatoBP = "Spravato label: if blood pressure is above 140/90, weigh whether to delay treatment " +
		"(via J&J Medical Information; clinical-reference §1.3)"
	// The thresholds echo one clinic's example reported only anecdotally
	// (clinical-reference §1.3): staff are shown no such citation.
	srcPRNTrigger = "No published threshold (the Spravato label and Sanacora 2017 give none for this); " +
		"clinic default: BP > 180/110, or heart rate > 120"
	srcBaselineBP       = "Sanacora 2017 APA consensus: baseline blood pressure before treatment [2°] (clinical-reference §1.3)"
	srcContraindication = "Spravato label contraindication: conditions where a rise in blood pressure or " +
		"intracranial pressure is a serious risk (via Janssen; clinical-reference §5.2)"
	srcPsychosis = "Spravato label §5.2 (dissociation): assess patients with psychosis carefully; start only if " +
		"benefit outweighs risk (globalrph copy of the label [2°]; found by search, not in clinical-reference). " +
		"The label does not make psychosis a contraindication: exclusion of active psychosis is a clinic policy default"
	srcPregnancy = "Spravato label §8.1: not recommended during pregnancy; may cause fetal harm " +
		"(usmedicine 2021 label copy [2°]; found by search, not in clinical-reference)"
	srcSeizures      = "Source not found (not in clinical-reference or the label copies searched); clinic policy default"
	srcHyperthyroid  = "Swiss ketamine product information: contraindicated in untreated or inadequately treated hyperthyroidism (oddb.org copy [2°]; found by search, not in clinical-reference)"
	srcSubstanceMisu = "Spravato label §5.4 abuse and misuse: weigh risks in people at higher risk of abuse " +
		"(wcmedicine label summary [2°]; found by search); Sanacora 2017: urine toxicology when substance use is " +
		"suspected [2°] (clinical-reference §1.3)"
	srcPediatric = "Spravato label: not approved in pediatric patients (usmedicine 2021 label copy [2°]; found by search, not in clinical-reference)"
	srcBenzo     = "Front Psychiatry 2020, doi 10.3389/fpsyt.2020.00844 (benzodiazepines > 8 mg diazepam-equivalent dampened response); " +
		"Feeney 2023 J Clin Psychiatry 84(1):22m14491 (higher doses attenuated day-1 response); found by search, not in clinical-reference"
	srcLamotrigine = "Andrade 2017 J Clin Psychiatry, 'Ketamine for Depression, 5: Potential Pharmacokinetic and " +
		"Pharmacodynamic Drug Interactions': lamotrigine may reduce ketamine's adverse effects; its effect on the " +
		"antidepressant response is not known (found by search, not in clinical-reference)"
	srcPressor = "Spravato label drug interactions: psychostimulants and MAOIs may increase blood pressure " +
		"(medicinenet summary [2°]; found by search); the Spravato REMS monitoring form asks about both (clinical-reference §1.5)"
	srcAntidepressant = "Andrade 2017 J Clin Psychiatry ('Ketamine for Depression, 5'): most conventional antidepressants can " +
		"probably be given safely with ketamine (found by search, not in clinical-reference)"
)
