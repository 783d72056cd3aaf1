"""The one-line reason asked before a draft with a Stop verdict leaves the review (Put back, Copy)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

MAX_REASON = 200


class SendAnywayDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Use this draft anyway?")
        self.setModal(True)
        layout = QVBoxLayout(self)
        prompt = QLabel(
            "This draft has a <b>Stop</b> finding. If you still need to use it as it is, say why in one line."
            "<br><small>The reason stays in memory on this computer"
            " unless you turned on the local send-anyway log.</small>"
        )
        prompt.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText("e.g. The parent asked for this address; approved by the principal")
        self.reason.setAccessibleName("Reason for sending anyway")
        prompt.setBuddy(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Use anyway")
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        layout.addWidget(prompt)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def value(self) -> str:
        return " ".join(self.reason.text().split())

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> str | None:
        """The reason, or None when the user cancelled. Tests patch this classmethod."""
        dialog = cls(parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.value() if accepted and dialog.value() else None
