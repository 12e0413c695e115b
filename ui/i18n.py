"""Every piece of text the page shows, in Chinese and English.

The page language is chosen from the browser's language (``navigator.language`` sent by a load
hook, or the ``Accept-Language`` header) and can be switched with a toggle. Drafts do not follow
the page language: they follow the language of the notes.
"""

from __future__ import annotations

from typing import Literal

PageLanguage = Literal["zh", "en"]
LANGUAGES: tuple[PageLanguage, ...] = ("zh", "en")

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "工作总结助手",
        "subtitle": "粘贴工作笔记，生成《工作总结暨工作安排》初稿；稿中每个数字都能追溯到笔记。",
        "language_toggle": "English",
        "chat_label": "对话",
        "chat_placeholder": "在此粘贴工作笔记，或输入要求（如“把第二部分改写得更简洁”“重新生成第三部分”）",
        "send": "发送",
        "upload_notes": "上传笔记（.txt / .md / .docx）",
        "draft_label": "初稿",
        "draft_empty": "还没有初稿。在左侧粘贴笔记后，初稿会按部分逐段生成在这里。",
        "draft_streaming": "正在撰写……",
        "tab_draft": "初稿",
        "tab_figures": "数字核对",
        "tab_versions": "版本",
        "tab_edit": "手动编辑",
        "tab_sessions": "会话",
        "tab_knowledge": "范文库",
        "figures_label": "数字核对表",
        "col_figure": "数字",
        "col_status": "状态",
        "col_value": "数值",
        "col_note": "笔记行",
        "col_reason": "说明",
        "summary_label": "核对结果",
        "summary_none": "尚未核对。",
        "omitted_label": "笔记中未写入初稿的数字",
        "omitted_none": "笔记中的数字都已写入初稿。",
        "omitted_line": "第 {line} 行：{figure}（{text}）",
        "sources_label": "参考范文（仅借鉴结构与语气，不引用其中事实）",
        "sources_none": "本稿未检索到范文。",
        "status_label": "模型状态",
        "provider_line": "模型：{name}（{model}）",
        "local_preparing": "正在准备本地模型……{progress}",
        "local_ready": "本地模型已就绪。",
        "local_failed": "本地模型未能启动：{reason}。当前使用离线模式起草。",
        "index_status": "范文索引：关键词检索已可用，语义索引 {done}/{total}",
        "index_ready": "范文索引：已就绪（{total} 段）",
        "index_building": "范文索引正在建立……",
        "works_now": "现在即可使用：离线起草、关键词检索。",
        "versions_label": "版本列表",
        "version_a": "版本 A",
        "version_b": "版本 B",
        "show_diff": "比较",
        "diff_label": "差异",
        "diff_empty": "两个版本相同。",
        "restore": "恢复所选版本（A）",
        "undo": "撤销上一次修改",
        "edit_label": "直接修改初稿（Markdown）",
        "edit_save": "保存为新版本并重新核对",
        "downloads_label": "下载",
        "download_md": "下载 Markdown",
        "download_docx": "下载 Word（.docx）",
        "prepare_downloads": "生成下载文件",
        "sessions_label": "会话",
        "session_pick": "已保存的会话",
        "session_new": "新建会话",
        "session_open": "打开",
        "session_rename": "重命名",
        "session_delete": "删除",
        "session_name": "会话名称",
        "session_untitled": "未命名会话",
        "cause_first_draft": "初稿",
        "cause_rewrite": "改写",
        "cause_regenerate": "重新生成",
        "cause_manual_edit": "手动编辑",
        "cause_added_notes": "补充笔记",
        "cause_restore": "恢复版本",
        "cause_undo": "撤销",
        "cause_other": "修改",
        "status_verified": "已核实",
        "status_derived": "推算",
        "status_approximate": "约数",
        "status_mismatch": "不一致",
        "status_misattributed": "张冠李戴",
        "status_wrong_direction": "方向相反",
        "status_unsupported": "无依据",
        "status_ignored": "非数字",
        "msg_drafting": "收到 {n} 条笔记，正在按部分撰写初稿……",
        "msg_draft_done": "初稿已完成：{sections} 个部分。{summary}",
        "msg_added_notes": "已把新笔记加入并更新初稿。{summary}",
        "msg_rewritten": "已改写“{title}”，其余部分保持不变。{summary}",
        "msg_regenerated": "已重新生成“{title}”。{summary}",
        "msg_which_section": "请问要改写哪一部分？可选：{options}",
        "msg_restored": "已恢复到版本 {version}。",
        "msg_undone": "已撤销上一次修改，回到版本 {version}。",
        "msg_nothing_to_undo": "没有可以撤销的修改。",
        "msg_edit_saved": "已保存手动修改为版本 {version} 并重新核对。{summary}",
        "msg_edit_unchanged": "内容没有变化，未保存新版本。",
        "msg_no_draft": "还没有初稿，请先粘贴笔记。",
        "msg_pick_section": "请选择要改写的部分，并写明如何修改。",
        "rewrite_label": "改写某一部分",
        "rewrite_section": "部分",
        "rewrite_instruction": "如何修改（如：更简洁、更正式、加上……）",
        "rewrite_button": "改写这一部分",
        "msg_empty": "请输入笔记或要求。",
        "msg_error_generic": "出现了意外错误，已记录日志。请重试；已完成的内容不会丢失。",
        "msg_session_created": "已新建会话。",
        "msg_session_deleted": "已删除会话。",
        "msg_session_renamed": "已重命名。",
        "msg_file_loaded": "已读取文件 {name}（{chars} 字）。",
        "msg_repair": "“{section}”中有数字与笔记不符，正在重写（第 {attempt} 次）……",
        "answer_overview": "初稿共 {n} 个部分：{titles}。数字核对：{summary}",
        "answer_problems": "需要注意的数字：{items}",
        "answer_no_problems": "所有数字都能在笔记中找到依据。",
        "answer_omitted": "笔记中有 {n} 个数字没有写入初稿。",
        "offline_banner": "当前为离线模式：初稿由笔记按固定句式生成，没有使用语言模型。配置 OpenAI 兼容接口或安装本地模型后可获得更好的文字。",
    },
    "en": {
        "title": "Report Assistant",
        "subtitle": "Paste your work notes and get a draft work report; every figure in it is traced to your notes.",
        "language_toggle": "中文",
        "chat_label": "Chat",
        "chat_placeholder": "Paste work notes here, or ask (e.g. 'rewrite section 2 more concisely', 'regenerate the plan section')",
        "send": "Send",
        "upload_notes": "Upload notes (.txt / .md / .docx)",
        "draft_label": "Draft",
        "draft_empty": "No draft yet. Paste notes on the left and the draft streams in here section by section.",
        "draft_streaming": "Writing…",
        "tab_draft": "Draft",
        "tab_figures": "Figures",
        "tab_versions": "Versions",
        "tab_edit": "Edit",
        "tab_sessions": "Sessions",
        "tab_knowledge": "Knowledge",
        "figures_label": "Figure check",
        "col_figure": "Figure",
        "col_status": "Status",
        "col_value": "Value",
        "col_note": "Note line",
        "col_reason": "Reason",
        "summary_label": "Check result",
        "summary_none": "Not checked yet.",
        "omitted_label": "Note figures not used in the draft",
        "omitted_none": "Every figure in the notes is in the draft.",
        "omitted_line": "line {line}: {figure} ({text})",
        "sources_label": "Example reports used (structure and tone only; their facts are never copied)",
        "sources_none": "No examples were retrieved for this draft.",
        "status_label": "Model status",
        "provider_line": "Model: {name} ({model})",
        "local_preparing": "Preparing the local model… {progress}",
        "local_ready": "The local model is ready.",
        "local_failed": "The local model could not start: {reason}. Drafting offline for now.",
        "index_status": "Example index: lexical search ready, dense {done}/{total}",
        "index_ready": "Example index: ready ({total} passages)",
        "index_building": "Building the example index…",
        "works_now": "Works now: offline drafting, lexical search.",
        "versions_label": "Versions",
        "version_a": "Version A",
        "version_b": "Version B",
        "show_diff": "Compare",
        "diff_label": "Differences",
        "diff_empty": "The two versions are identical.",
        "restore": "Restore the selected version (A)",
        "undo": "Undo the last change",
        "edit_label": "Edit the draft directly (Markdown)",
        "edit_save": "Save as a new version and re-check",
        "downloads_label": "Download",
        "download_md": "Download Markdown",
        "download_docx": "Download Word (.docx)",
        "prepare_downloads": "Prepare downloads",
        "sessions_label": "Sessions",
        "session_pick": "Saved sessions",
        "session_new": "New session",
        "session_open": "Open",
        "session_rename": "Rename",
        "session_delete": "Delete",
        "session_name": "Session name",
        "session_untitled": "Untitled session",
        "cause_first_draft": "first draft",
        "cause_rewrite": "rewrite",
        "cause_regenerate": "regenerated",
        "cause_manual_edit": "manual edit",
        "cause_added_notes": "added notes",
        "cause_restore": "restored",
        "cause_undo": "undo",
        "cause_other": "change",
        "status_verified": "verified",
        "status_derived": "derived",
        "status_approximate": "approximate",
        "status_mismatch": "mismatch",
        "status_misattributed": "misattributed",
        "status_wrong_direction": "wrong direction",
        "status_unsupported": "unsupported",
        "status_ignored": "not a figure",
        "msg_drafting": "Got {n} note items; drafting section by section…",
        "msg_draft_done": "Draft ready: {sections} sections. {summary}",
        "msg_added_notes": "Added the new notes and updated the draft. {summary}",
        "msg_rewritten": "Rewrote “{title}”; every other section is unchanged. {summary}",
        "msg_regenerated": "Regenerated “{title}”. {summary}",
        "msg_which_section": "Which section should I rewrite? Options: {options}",
        "msg_restored": "Restored version {version}.",
        "msg_undone": "Undid the last change; back to version {version}.",
        "msg_nothing_to_undo": "There is nothing to undo.",
        "msg_edit_saved": "Saved your edit as version {version} and re-checked it. {summary}",
        "msg_edit_unchanged": "Nothing changed; no new version saved.",
        "msg_no_draft": "There is no draft yet; paste your notes first.",
        "msg_pick_section": "Pick the section to rewrite and say how it should change.",
        "rewrite_label": "Rewrite one section",
        "rewrite_section": "Section",
        "rewrite_instruction": "How should it change (e.g. more concise, more formal, add …)",
        "rewrite_button": "Rewrite this section",
        "msg_empty": "Type notes or a request first.",
        "msg_error_generic": "Something unexpected went wrong and was logged. Please try again; finished work is kept.",
        "msg_session_created": "New session started.",
        "msg_session_deleted": "Session deleted.",
        "msg_session_renamed": "Session renamed.",
        "msg_file_loaded": "Read file {name} ({chars} characters).",
        "msg_repair": "“{section}” had figures that do not match the notes; rewriting it (attempt {attempt})…",
        "answer_overview": "The draft has {n} sections: {titles}. Figure check: {summary}",
        "answer_problems": "Figures to look at: {items}",
        "answer_no_problems": "Every figure is supported by the notes.",
        "answer_omitted": "{n} figures from the notes are not in the draft.",
        "offline_banner": "Offline mode: the draft is written from your notes with fixed sentence patterns, no language model. Configure an OpenAI-compatible endpoint or install the local model for better prose.",
    },
}


def normalize_language(value: str | None) -> PageLanguage:
    """Map a browser language tag or an Accept-Language header to ``zh`` or ``en``.

    Chinese in any region (zh, zh-CN, zh-TW, zh-Hans …) gives ``zh``; anything else gives ``en``.
    For an Accept-Language header, the first language with a non-zero weight decides.
    """
    if not value:
        return "en"
    for part in value.split(","):
        tag, _, params = part.strip().partition(";")
        weight = params.replace(" ", "").removeprefix("q=")
        try:
            if params and float(weight) <= 0:
                continue
        except ValueError:
            pass
        tag = tag.strip().lower()
        if not tag or tag == "*":
            continue
        return "zh" if tag.startswith("zh") else "en"
    return "en"


def t(lang: str, key: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English when the language is unknown), formatted."""
    table = TEXTS.get(lang, TEXTS["en"])
    text = table.get(key) or TEXTS["en"][key]
    return text.format(**values) if values else text


def other(lang: str) -> PageLanguage:
    return "en" if lang == "zh" else "zh"
