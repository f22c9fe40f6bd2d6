// A deterministic news-like corpus in English and Chinese with lexicon terms mixed in, for the
// benchmarks. Shared by the native benchmark and (through `chiplight_bench --write-corpus`) the
// WebAssembly and page benchmarks, so every figure is measured on the same text.
#ifndef CHIPLIGHT_BENCH_CORPUS_H_
#define CHIPLIGHT_BENCH_CORPUS_H_

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "chiplight/lexicon.h"

namespace chiplight::bench {

// About one term every `bytes_per_term` bytes: a dense news article on the subject has a term
// every 200-400 bytes; 300 is used throughout.
inline std::string MakeCorpus(const Lexicon& lexicon, size_t target_bytes,
                              size_t bytes_per_term = 300, unsigned seed = 20241125) {
  static const char* const kEnglish[] = {
      "the",          "company",  "said",      "on",        "Tuesday", "that",     "its",
      "new",          "data",     "centre",    "would",     "open",    "next",     "year",
      "and",          "analysts", "expect",    "demand",    "to",      "grow",     "as",
      "universities", "buy",      "computing", "time",      "for",     "research", "projects",
      "in",           "several",  "provinces", "according", "people",  "familiar", "with",
      "the",          "matter",   "who",       "declined",  "be",      "named",    "because",
      "talks",        "are",      "private",   "officials", "did",     "not",      "respond",
      "request",      "comment",  "market",    "shares",    "rose",    "percent",  "after",
      "report"};
  static const char* const kChinese[] = {
      "该公司",   "周二", "表示", "新的", "数据中心", "将于",     "明年",   "投入使用",
      "分析人士", "预计", "需求", "持续", "增长",     "高校",     "采购",   "计算",
      "资源",     "用于", "科研", "项目", "据",       "知情人士", "透露",   "有关部门",
      "尚未",     "回应", "置评", "请求", "市场",     "股价",     "上涨",   "报告",
      "显示",     "招标", "公告", "预算", "金额",     "万元",     "供应商", "服务期限"};
  std::vector<std::string> terms;
  for (const Entry& e : lexicon.entries()) {
    for (const std::string& name : e.names) terms.push_back(name);
    // Pattern families (A100, H100, H20 ...) have few or no names: their labels ("Nvidia A100")
    // stand for them, so that confirming patterns is part of what is measured.
    if (!e.patterns.empty()) terms.push_back(e.label);
  }
  std::mt19937 random(seed);
  std::string text;
  text.reserve(target_bytes + 1024);
  size_t next_term = bytes_per_term;
  bool chinese = false;
  while (text.size() < target_bytes) {
    // Paragraphs alternate between languages, as in bilingual coverage.
    chinese = (random() % 4 == 0) ? !chinese : chinese;
    for (int sentence = 0; sentence < 6; ++sentence) {
      int words = 8 + static_cast<int>(random() % 14);
      for (int w = 0; w < words; ++w) {
        if (text.size() >= next_term && !terms.empty()) {
          text += terms[random() % terms.size()];
          next_term = text.size() + bytes_per_term / 2 + random() % bytes_per_term;
        } else if (chinese) {
          text += kChinese[random() % (sizeof kChinese / sizeof *kChinese)];
        } else {
          text += kEnglish[random() % (sizeof kEnglish / sizeof *kEnglish)];
        }
        text += chinese ? "" : " ";
      }
      text += chinese ? "。" : ". ";
    }
    text += "\n\n";
  }
  return text;
}

}  // namespace chiplight::bench

#endif  // CHIPLIGHT_BENCH_CORPUS_H_
