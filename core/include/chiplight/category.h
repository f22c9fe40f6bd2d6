// The categories of the lexicon: the core's identity of each (the enum), defined by one list.
//
// Adding a category is one line in CHIPLIGHT_CATEGORIES below plus one row in the built-in
// lexicon's "categories" array (core/data/lexicon.json), which gives people's labels and the
// highlight style, in the same order (docs/lexicon.md, "Categories"). Loading a lexicon checks
// that its "categories", when present, name exactly these, in this order.
#ifndef CHIPLIGHT_CATEGORY_H_
#define CHIPLIGHT_CATEGORY_H_

#include <cstddef>
#include <optional>
#include <string_view>

namespace chiplight {

// X(enumerator, name): every category, in canonical order (the order of menus and counts).
#define CHIPLIGHT_CATEGORIES(X)    \
  X(kChip, "chip")                 \
  X(kCloud, "cloud")               \
  X(kIntermediary, "intermediary") \
  X(kRegulation, "regulation")     \
  X(kListed, "listed")

enum class Category {
#define CHIPLIGHT_CATEGORY_ENUMERATOR(enumerator, name) enumerator,
  CHIPLIGHT_CATEGORIES(CHIPLIGHT_CATEGORY_ENUMERATOR)
#undef CHIPLIGHT_CATEGORY_ENUMERATOR
};

// Every category, in canonical order: kAllCategories[i] is Category(i).
inline constexpr Category kAllCategories[] = {
#define CHIPLIGHT_CATEGORY_VALUE(enumerator, name) Category::enumerator,
    CHIPLIGHT_CATEGORIES(CHIPLIGHT_CATEGORY_VALUE)
#undef CHIPLIGHT_CATEGORY_VALUE
};
inline constexpr size_t kCategoryCount = sizeof(kAllCategories) / sizeof(kAllCategories[0]);

namespace category_internal {
inline constexpr std::string_view kNames[] = {
#define CHIPLIGHT_CATEGORY_NAME(enumerator, name) name,
    CHIPLIGHT_CATEGORIES(CHIPLIGHT_CATEGORY_NAME)
#undef CHIPLIGHT_CATEGORY_NAME
};
}  // namespace category_internal

// "chip", "cloud", "intermediary", "regulation", "listed": the name used in the lexicon, the JSON
// output and the JavaScript API.
constexpr std::string_view CategoryName(Category category) {
  return category_internal::kNames[static_cast<size_t>(category)];
}

// The inverse of CategoryName; nullopt for anything else.
constexpr std::optional<Category> ParseCategory(std::string_view name) {
  for (Category category : kAllCategories) {
    if (CategoryName(category) == name) return category;
  }
  return std::nullopt;
}

}  // namespace chiplight

#endif  // CHIPLIGHT_CATEGORY_H_
