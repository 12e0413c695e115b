"""The Outline tab's words, Chinese and English (:func:`ot`)."""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "tab": "提纲", "intro": "粘贴笔记并生成提纲：可改标题、调顺序、合并、拆分、移动条目、锁定标题，再按提纲起草。"
        "编辑框中每行一个标题（## 部分，### 小标题）或一个条目（- n3 …）；也可输入指令，如“把第三项并入第一项”。",
        "notes": "笔记", "propose": "生成提纲", "editor": "提纲（可直接编辑）", "save": "保存提纲",
        "draft": "按提纲起草", "command": "提纲指令", "apply": "执行", "first": "粘贴笔记后先看提纲（不勾选则直接起草）",
        "indicators": "主要指标完成情况表", "ind_summary": "放在总结部分末尾", "ind_appendix": "作为附表",
        "ind_none": "不要", "locks": "锁定与重新生成", "section": "部分", "lock": "锁定", "unlock": "解锁",
        "regen": "重新生成本部分", "sentence": "要锁定的句子（原样复制）", "lock_sentence": "锁定句子",
        "unlock_sentence": "解锁句子", "word": "上传在 Word 中修改后的文稿（.docx）",
        "no_session": "没有打开的会话。", "no_notes": "请先粘贴笔记。", "no_draft": "还没有初稿。",
        "proposed": "已生成提纲：{n} 个标题。", "saved": "提纲已保存：{n} 个标题。起草时将按此提纲。",
        "edited": "提纲已修改：{what}", "not_understood": "没有看懂这条提纲指令。例如：“把第三项并入第一项”"
        "“把第二项改名为经济发展”“把第5条移到第一项”“锁定第二项”。",
        "drafted": "已按提纲起草（{sections} 个部分）。数字核对：{summary}", "placement": "指标表位置已设为：{where}。",
        "first_on": "已设为：粘贴笔记后先看提纲。", "first_off": "已设为：粘贴笔记后直接起草。",
        "locked": "已锁定：{what}。改写和重新起草不会改动它。", "unlocked": "已解锁：{what}。",
        "lock_list": "已锁定：{items}", "no_locks": "没有锁定的内容。", "pick": "请先选择一个部分。",
        "regenerated": "已重新生成“{title}”（根据笔记重新起草）。数字核对：{summary}",
        "regen_same": "初稿未变：重新生成后“{title}”没有变化。",
        "word_done": "已导入 Word 修改稿，成为新版本：{changed} 个部分有改动，{figures} 个改动的数字；{flagged} 个数字需核实。",
        "word_flag": "需核实：{figure}（{reason}）", "word_comment": "批注（{author}）：{text}",
        "outline_shown": "这是建议的提纲，可在“提纲”页修改后点“按提纲起草”，或在对话中说“按提纲起草”。\n\n{outline}",
        "outline_chat": "提纲已修改（{what}）：\n\n{outline}",
    },
    "en": {
        "tab": "Outline", "intro": "Paste notes and propose an outline: rename, reorder, merge, split headings, move "
        "items, lock a heading, then draft from it. One line per heading (## part, ### subsection) or item "
        "(- n3 …); or type a command such as “merge heading 3 into heading 1”.",
        "notes": "Notes", "propose": "Propose outline", "editor": "Outline (editable)", "save": "Save outline",
        "draft": "Draft from outline", "command": "Outline command", "apply": "Apply",
        "first": "Show the outline before drafting when notes are pasted", "indicators": "Key indicators table",
        "ind_summary": "End of the summary part", "ind_appendix": "Appendix", "ind_none": "None",
        "locks": "Lock and regenerate", "section": "Section", "lock": "Lock", "unlock": "Unlock",
        "regen": "Regenerate this section", "sentence": "Sentence to lock (copied exactly)",
        "lock_sentence": "Lock sentence", "unlock_sentence": "Unlock sentence",
        "word": "Upload the draft edited in Word (.docx)", "no_session": "No open session.",
        "no_notes": "Paste the notes first.", "no_draft": "No draft yet.", "proposed": "Outline proposed: {n} headings.",
        "saved": "Outline saved: {n} headings. The next draft follows it.", "edited": "Outline edited: {what}",
        "not_understood": "That outline command was not understood. E.g. “merge heading 3 into heading 1”, "
        "“rename heading 2 to Economy”, “move item 5 to heading 1”, “lock heading 2”.",
        "drafted": "Drafted from the outline ({sections} sections). Figures: {summary}",
        "placement": "Indicators table: {where}.", "first_on": "Pasted notes will show the outline first.",
        "first_off": "Pasted notes will be drafted at once.",
        "locked": "Locked: {what}. Rewrites and redrafts leave it as it is.", "unlocked": "Unlocked: {what}.",
        "lock_list": "Locked: {items}", "no_locks": "Nothing is locked.", "pick": "Pick a section first.",
        "regenerated": "Regenerated “{title}” from the notes. Figures: {summary}",
        "regen_same": "Regenerating “{title}” changed nothing.",
        "word_done": "Imported the Word edit as a new version: {changed} section(s) changed, {figures} changed "
        "figure(s); {flagged} figure(s) to verify.", "word_flag": "To verify: {figure} ({reason})",
        "word_comment": "Comment ({author}): {text}",
        "outline_shown": "The proposed outline: edit it in the Outline tab and press “Draft from outline”, or say "
        "“draft from the outline”.\n\n{outline}",
        "outline_chat": "Outline edited ({what}):\n\n{outline}",
    },
}


def ot(lang: str, key: str, **values: Any) -> str:
    text = TEXTS["en" if lang == "en" else "zh"][key]
    return text.format(**values) if values else text
