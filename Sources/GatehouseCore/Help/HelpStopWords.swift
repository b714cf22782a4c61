/// Words that say nothing about what a customer needs: "the", "my", "please",
/// "hi", "thanks". Search skips them, so a long friendly message is matched on
/// what it is about. Negation words are here too: they do not match by
/// themselves, they change how the words after them count (see `HelpWords`).
enum HelpStopWords {
    static func contains(_ word: String) -> Bool { words.contains(word) }

    private static let words: Set<String> = [
        // Grammar.
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for",
        "with", "from", "into", "about", "as", "up", "out", "off", "over", "than", "too", "very", "this",
        "that", "these", "those", "there", "here", "it", "its", "it's", "is", "are", "was", "were", "be",
        "been", "being", "am", "do", "does", "did", "doing", "done", "have", "has", "had", "having", "will",
        "would", "shall", "should", "can", "could", "may", "might", "must", "i", "i'm", "i've", "i'd", "i'll",
        "me", "my", "mine", "we", "we're", "we've", "our", "us", "you", "your", "you're", "he", "she", "him",
        "her", "his", "they", "them", "their", "what", "which", "who", "whom", "when", "where", "why", "how",
        "all", "any", "some", "each", "every", "more", "most", "other", "such", "only", "own", "same", "just",
        "also", "again", "still", "now", "yet", "because", "while", "though", "although", "after", "before",
        "since", "until", "once", "both", "either", "one", "ones", "get", "got", "gets", "getting", "keep",
        "keeps", "kept", "make", "makes", "made", "go", "goes", "going", "went", "thing", "things", "way",
        "really", "quite", "bit", "lot", "much", "many", "well", "even", "ever", "already", "like", "need",
        "needs", "want", "wants", "let", "know", "think", "seem", "seems", "someone", "something", "anything",
        "everything", "today", "yesterday", "tomorrow", "week", "day", "morning", "afternoon", "evening",
        // Negation: kept by `HelpWords` as a change of sense, never matched as a word.
        "no", "not", "never", "none", "nothing", "without", "neither", "nor", "cannot",
        // Courtesy and letter-writing.
        "hi", "hello", "hey", "dear", "thanks", "thank", "cheers", "please", "regards", "best", "kind",
        "sorry", "ok", "okay", "yes", "help", "question", "wondering", "wonder", "quick", "look", "take",
        "could", "possible", "ask", "asking", "tell",
        // Words every request to a trade has, whatever it is about.
        "new", "fix", "fixing", "fixed",
    ]
}
