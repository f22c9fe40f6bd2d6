// A typed client of the whole JavaScript API, compiled against wasm/chiplight.d.ts with
// `tsc --noEmit --strict` (CTest: js_types): a declaration that doesn't match real use fails here.
// Each line mirrors a use in docs/api.md or tests/js/api.test.mjs.
import chiplight, {
  CATEGORIES,
  blockSeparator,
  categories,
  createMatcher,
  type Assessment,
  type Category,
  type CategoryInfo,
  type DocumentTopic,
  type Entry,
  type EntrySummary,
  type ExtraTerm,
  type Match,
  type Matcher,
  type MatcherOptions,
  type Verdict,
} from '../../../wasm/chiplight.js';

const extraTerms: ExtraTerm[] = [
  { label: 'Zorblax 9000', category: 'chip', kind: 'model', names: ['Zorblax 9000'] },
  { id: 'frob', label: 'Frobnic', category: 'intermediary', pattern: 'Frobnic-[0-9]{3}', caseSensitive: true },
  { label: 'Ctx', category: 'chip', names: ['Ctx'], context: { anyOf: ['chip-context'], window: 40 } },
];
const options: MatcherOptions = { categories: ['chip', 'cloud'], extraTerms, wasm: new URL('file:///chiplight.wasm'), pieceLength: 1 << 20 };

export async function exercise(text: string): Promise<string[]> {
  const m: Matcher = await createMatcher(options);
  const sameFactory: typeof createMatcher = chiplight.createMatcher;
  const other = await sameFactory();
  other.dispose();

  const version: string = m.lexiconVersion;
  const window: number = m.maxContextWindow;
  const margin: number = m.contextMargin;
  const separator: string = m.blockSeparator + blockSeparator + chiplight.blockSeparator;

  const matches: Match[] = m.scan(['one block', 'another'].join(m.blockSeparator));
  const topic: DocumentTopic | null = m.topicOf('a whole page');
  const inPage: Match[] = m.scan('one part of it', { topic });
  const first: Match | undefined = matches[0];
  const slice: string = first ? text.slice(first.start, first.end) : '';
  const category: Category | undefined = first?.category;

  const entry: Entry | undefined = first ? m.entry(first.id) : undefined;
  const summary: string | undefined = entry?.glossary?.summary?.en;
  const list: readonly Readonly<EntrySummary>[] = m.entries();
  const alias: readonly Readonly<EntrySummary>[] = m.listEntries();

  const assessment: Assessment = m.assess(matches);
  const verdict: Verdict = assessment.verdict;
  const evidence: Match[] = assessment.evidence;
  const indexes: number[] = assessment.evidenceIndexes;
  // A highlighter's own hits: only `id` is read, and its objects come back.
  const hits = [{ id: 'nvidia-a100', node: 1 }, { id: 'aws', node: 2 }];
  const hitAssessment: Assessment<{ id: string; node: number }> = m.assess(hits);
  const firstHitNode: number | undefined = hitAssessment.evidence[0]?.node;

  const infos: readonly CategoryInfo[] = m.categories;
  const shared: boolean = infos === categories && chiplight.categories === categories;
  const labels: string[] = categories.map((c) => `${c.label.en} ${c.plural['zh-Hans']} ${c.label['zh-Hant']}`);
  const styles: string[] = categories.map((c) => `${c.style.background} ${c.style.line} ${c.style.color}`);
  const ids: readonly Category[] = CATEGORIES;

  const { wasmMemory, heapInUse } = m.memoryUsage();
  m.dispose();
  const global = globalThis.Chiplight;
  const globalIds: readonly Category[] | undefined = global?.CATEGORIES;
  return [
    version, String(window + margin), separator, slice, String(category), String(summary),
    String(list.length + alias.length), verdict, String(evidence.length + indexes.length),
    String(firstHitNode), String(shared), ...labels, ...styles, ...ids, String(wasmMemory + heapInUse),
    String(globalIds?.length),
  ];
}
